import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { recordEvent } from "@/lib/audit/audit";
import { authenticateRequest, type Authentication } from "@/lib/auth/authenticate";
import { actorName, hasRole, type Principal, type Role } from "@/lib/auth/roles";
import { AppError, BadRequestError, toErrorResponse } from "@/lib/errors";

export type RouteAccess = { role: Role } | { public: true };

type Handler<P> = (request: NextRequest, context: { params: P; principal: Principal | null; actor: string }) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameOrigin(value: string | null, host: string | null): boolean {
  if (!value || !host) return false;
  try {
    return new URL(value).host === host;
  } catch {
    return false;
  }
}

/**
 * CSRF: a browser attaches the session cookie to requests that other sites make it send, so a
 * mutation authenticated by the cookie must prove it comes from the dashboard's own pages: its
 * Origin (or, failing that, Referer) must be this host. Bearer-token requests carry no ambient
 * credential and are exempt. Requests without a session (sign-in) are checked only when they
 * carry an Origin.
 */
export function assertSameOrigin(request: Request, via: Authentication["via"] | null): void {
  if (SAFE_METHODS.has(request.method) || via === "token") return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const origin = request.headers.get("origin");
  const referer = request.headers.get("referer");
  if (via === null && !origin) return;
  const ok = origin ? sameOrigin(origin, host) : sameOrigin(referer, host);
  if (!ok) {
    throw new AppError(
      "forbidden:origin",
      403,
      origin
        ? `Cross-site request refused: Origin ${origin} is not this dashboard.`
        : "Request refused: a signed-in browser request that changes something must carry this dashboard's Origin or Referer.",
    );
  }
}

/**
 * The caller's address for throttling. Next.js fills X-Forwarded-For with the socket's address
 * when the request has none; a reverse proxy appends the address it saw, so the last entry is the
 * nearest hop's word, the one a client cannot choose when a proxy is in front.
 */
export function requestAddress(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
}

/**
 * Wraps a route handler: authenticates the caller (401 without a valid session or token), checks
 * the role (403, recorded in the audit log), refuses cross-site mutations, awaits the params, and
 * turns anything thrown into the one JSON error shape `{"error": "..."}`.
 */
export function route<P = Record<string, never>>(access: RouteAccess, handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const authentication = await authenticateRequest(request);
      if ("role" in access) {
        if (!authentication)
          throw new AppError("unauthorized:session", 401, "Sign in required: send a session cookie or an Authorization: Bearer token.");
        if (!hasRole(authentication.principal.role, access.role)) {
          const actor = actorName(authentication.principal);
          await recordEvent({
            action: "auth.denied",
            target: `${request.method} ${request.nextUrl.pathname}`,
            actor,
            outcome: "failed",
            error: `needs ${access.role}, has ${authentication.principal.role}`,
          });
          throw new AppError(
            "forbidden:role",
            403,
            `Your role (${authentication.principal.role}) cannot do this; it needs ${access.role}.`,
          );
        }
      }
      assertSameOrigin(request, authentication?.via ?? null);
      const principal = authentication?.principal ?? null;
      return await handler(request, {
        params: await context.params,
        principal,
        actor: principal ? actorName(principal) : "anonymous",
      });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** Parses a JSON body against a schema; malformed JSON or a wrong shape is a 400 saying why. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new BadRequestError("body", "The request body must be JSON.");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequestError("body", `Invalid request body: ${describeIssues(result.error)}`);
  return result.data;
}

/** Parses query parameters against a schema; a bad value is a 400 saying which and why. */
export function readQuery<S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> {
  const raw = Object.fromEntries([...request.nextUrl.searchParams.entries()].filter(([, value]) => value !== ""));
  const result = schema.safeParse(raw);
  if (!result.success) throw new BadRequestError("query", `Invalid query: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Route params arrive percent-decoded or not depending on how the client encoded them. A malformed
 * escape is returned as it came; reference validation then rejects it with a 400.
 */
export function decodeParam(value: string): string {
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}
