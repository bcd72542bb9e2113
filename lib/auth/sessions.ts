import "server-only";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie-name";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import type { Principal, Role } from "@/lib/auth/roles";

// Separate module so the proxy can name the cookie without importing the database.
export const SESSION_COOKIE = SESSION_COOKIE_NAME;

// lastSeenAt is written at most this often: a page load makes several requests.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Starts a server-side session and returns the cookie value. Sessions expire after
 * AUTH_SESSION_IDLE_MINUTES without use and AUTH_SESSION_MAX_HOURS after sign-in, whichever
 * comes first, and can be revoked at any time (sign-out, user disabled, password reset).
 */
export async function createSession({
  userId,
  userAgent,
  address,
}: {
  userId: string;
  userAgent?: string | null;
  address?: string | null;
}): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret("s_");
  const expiresAt = new Date(Date.now() + getEnv().sessionMaxMs);
  await getDb().session.create({
    data: { tokenHash: hashSecret(token), userId, expiresAt, userAgent: userAgent?.slice(0, 300), address },
  });
  return { token, expiresAt };
}

/** The user behind a session cookie, or null when it is unknown, expired, idle or revoked. */
export async function principalFromSession(token: string): Promise<Principal | null> {
  const db = getDb();
  const session = await db.session.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.user.disabled) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > getEnv().sessionIdleMs) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    kind: "user",
    id: session.user.id,
    username: session.user.username,
    role: session.user.role as Role,
    sessionId: session.id,
  };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await getDb().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function revokeUserSessions(userId: string): Promise<void> {
  await getDb().session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
