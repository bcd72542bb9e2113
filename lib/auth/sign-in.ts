import "server-only";
import { recordEvent } from "@/lib/audit/audit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { verifyAgainstNothing, verifyPassword } from "@/lib/auth/passwords";
import type { Principal } from "@/lib/auth/roles";
import { createSession, revokeSession } from "@/lib/auth/sessions";
import { FailureThrottle } from "@/lib/auth/throttle";
import { ensureBootstrapAdmin } from "@/lib/auth/users";

const WINDOW_MS = 15 * 60_000;
// Per username: slows guessing one account. Per address: slows spraying many accounts.
const byUser = new FailureThrottle({ limit: 5, windowMs: WINDOW_MS });
const byAddress = new FailureThrottle({ limit: 20, windowMs: WINDOW_MS });

const WRONG_CREDENTIALS = "Wrong username or password.";

/**
 * Checks a username and password and starts a session. Wrong credentials get one message whether
 * or not the user exists; repeated failures for a user or an address are refused with 429 for a
 * while. Every attempt is in the audit log.
 */
export async function signIn({
  username,
  password,
  address,
  userAgent,
}: {
  username: string;
  password: string;
  address: string | null;
  userAgent: string | null;
}): Promise<{ token: string; expiresAt: Date; user: { username: string; role: string } }> {
  await ensureBootstrapAdmin();
  const userKey = `user:${username.toLowerCase()}`;
  const addressKey = `address:${address ?? "unknown"}`;
  const wait = Math.max(byUser.retryAfterMs(userKey), address ? byAddress.retryAfterMs(addressKey) : 0);
  if (wait > 0) {
    await recordEvent({
      action: "auth.login",
      target: username,
      actor: username,
      outcome: "failed",
      error: "throttled",
      params: { address },
    });
    throw new AppError("throttled:login", 429, `Too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} minute(s).`, {
      details: { retryAfterSeconds: Math.ceil(wait / 1000) },
    });
  }

  const user = await getDb().user.findUnique({ where: { username } });
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!user || !valid || user.disabled) {
    byUser.recordFailure(userKey);
    if (address) byAddress.recordFailure(addressKey);
    await recordEvent({
      action: "auth.login",
      target: username,
      actor: username,
      outcome: "failed",
      error: !user ? "unknown user" : !valid ? "wrong password" : "user disabled",
      params: { address },
    });
    throw new AppError("unauthorized:login", 401, WRONG_CREDENTIALS);
  }

  byUser.reset(userKey);
  const session = await createSession({ userId: user.id, userAgent, address });
  await recordEvent({ action: "auth.login", target: username, actor: username, outcome: "succeeded", params: { address } });
  return { ...session, user: { username: user.username, role: user.role } };
}

export async function signOut(principal: Principal): Promise<void> {
  if (principal.kind !== "user") return;
  await revokeSession(principal.sessionId);
  await recordEvent({ action: "auth.logout", target: principal.username, actor: principal.username, outcome: "succeeded" });
}
