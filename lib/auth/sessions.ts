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

type SessionRow = {
  id: string;
  revokedAt: Date | null;
  expiresAt: Date;
  lastSeenAt: Date;
  userId: string;
  username: string;
  role: string;
  disabled: boolean;
};

/**
 * The user behind a session cookie, or null when it is unknown, expired, idle or revoked. Every
 * signed-in request pays for this, so it is one indexed query (tokenHash is unique): Prisma's
 * `include: { user }` makes two queries on SQLite and costs ~4x the CPU of this join. Nothing is
 * cached, so a revocation, a disabled user or a new role applies to the very next request.
 */
export async function principalFromSession(token: string): Promise<Principal | null> {
  const db = getDb();
  const [session] = await db.$queryRaw<SessionRow[]>`
    SELECT s."id", s."revokedAt", s."expiresAt", s."lastSeenAt", u."id" AS "userId", u."username", u."role", u."disabled"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."tokenHash" = ${hashSecret(token)}`;
  if (!session || session.revokedAt || session.disabled) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > getEnv().sessionIdleMs) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return {
    kind: "user",
    id: session.userId,
    username: session.username,
    role: session.role as Role,
    sessionId: session.id,
  };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await getDb().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function revokeUserSessions(userId: string): Promise<void> {
  await getDb().session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
