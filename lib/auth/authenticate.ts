import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { principalFromApiToken } from "@/lib/auth/api-tokens";
import { hasRole, type Principal, type Role } from "@/lib/auth/roles";
import { principalFromSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { ensureBootstrapAdmin } from "@/lib/auth/actions";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { describeDatabase } from "@/lib/instances/queries";

export type Authentication = { principal: Principal; via: "session" | "token" };

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/**
 * Who made a request: an `Authorization: Bearer` API token, else the session cookie. A bearer
 * header that does not hold a valid token is not silently replaced by the cookie.
 */
export async function authenticateRequest(request: Request): Promise<Authentication | null> {
  try {
    return await authenticateWithStore(request);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The store did not answer: a 503 naming it, as for a down engine, not a 500 (health checks and
    // clients retry on 503).
    throw new AppError(
      "unavailable:database",
      `The dashboard's database (${describeDatabase(getEnv().databaseUrl)}) cannot be reached; try again shortly.`,
      { cause: error },
    );
  }
}

async function authenticateWithStore(request: Request): Promise<Authentication | null> {
  await ensureBootstrapAdmin();
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = match ? await principalFromApiToken(match[1]!) : null;
    return principal ? { principal, via: "token" } : null;
  }
  const token = readCookie(request.headers.get("cookie"), SESSION_COOKIE);
  const principal = token ? await principalFromSession(token) : null;
  return principal ? { principal, via: "session" } : null;
}

/**
 * The signed-in user of a page request, or null. The root layout, the dashboard layout and the
 * page each ask; React's `cache` makes that one lookup per render.
 */
export const getPagePrincipal = cache(async (): Promise<Principal | null> => {
  await ensureBootstrapAdmin();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? principalFromSession(token) : null;
});

/**
 * For every page: the signed-in user, or a redirect to /login that comes back here afterwards.
 * With `role`, a user below it gets `{ allowed: false }` so the page can say what is missing.
 */
export async function requirePagePrincipal(role: Role = "viewer"): Promise<{ principal: Principal; allowed: boolean }> {
  const principal = await getPagePrincipal();
  if (!principal) {
    const path = (await headers()).get("x-dashboard-path") ?? "/";
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  return { principal, allowed: hasRole(principal.role, role) };
}
