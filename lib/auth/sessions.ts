import "server-only";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie-name";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { hasOtherLiveInstance } from "@/lib/instances/queries";
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
 * Session lookups kept for a moment. Every signed-in request needs one, and a page view makes
 * several requests at once (the page, its API calls, the engine poll); the lookup was a quarter of
 * the CPU of a cheap API request. Safe because:
 * - every change this process makes that ends or alters a session (sign-out, revocation, a user
 *   disabled, a password reset, a new role) calls forgetSessionLookups(), so it applies to the
 *   very next request, and a lookup that ran across such a change is used once and not kept;
 * - expiry and idle time are still checked on every request, against the kept row;
 * - other instances sharing the database may hold a lookup for up to LOOKUP_TTL_MS: a change
 *   made while another instance beats (lib/instances) answers only after that time, so once the
 *   sign-out or revocation has answered, no instance accepts the session any more
 *   (settleSessionChange).
 * On globalThis: the page and route-handler bundles each get their own copy of this module, and
 * a sign-out through the API must reach the pages' lookups too.
 */
const LOOKUP_TTL_MS = 2_000;
const LOOKUP_LIMIT = 10_000;
type Lookups = { rows: Map<string, { row: SessionRow; at: number }>; generation: number };
const globalLookups = globalThis as unknown as { dashboardSessionLookups?: Lookups };
const lookups: Lookups = (globalLookups.dashboardSessionLookups ??= { rows: new Map(), generation: 0 });

/** Drops every kept session lookup of this process. */
function forgetSessionLookups(): void {
  lookups.generation++;
  lookups.rows.clear();
}

/**
 * Call after changing a session or a user in the store: drops this process's kept lookups and,
 * when another instance is live, waits until every lookup it may keep has expired, so that the
 * change holds on every instance by the time the caller answers. A wait of 2 s on a sign-out beats
 * a query on every request of every instance.
 */
export async function settleSessionChange(): Promise<void> {
  forgetSessionLookups();
  if (!(await hasOtherLiveInstance())) return;
  await new Promise((resolve) => setTimeout(resolve, LOOKUP_TTL_MS));
  // A lookup this process made during the wait read the old row; it must not be used either.
  forgetSessionLookups();
}

/**
 * One indexed query (tokenHash is unique): Prisma's `include: { user }` makes two queries on
 * SQLite and costs ~4x the CPU of this join.
 */
async function findSession(tokenHash: string): Promise<SessionRow | undefined> {
  const started = Date.now();
  const kept = lookups.rows.get(tokenHash);
  if (kept && started - kept.at < LOOKUP_TTL_MS) return kept.row;
  const generation = lookups.generation;
  const [row] = await getDb().$queryRaw<SessionRow[]>`
    SELECT s."id", s."revokedAt", s."expiresAt", s."lastSeenAt", u."id" AS "userId", u."username", u."role", u."disabled"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."tokenHash" = ${tokenHash}`;
  // Unknown tokens are not kept: a spray of made-up cookies must not fill the memory.
  if (row && generation === lookups.generation) {
    if (lookups.rows.size >= LOOKUP_LIMIT) lookups.rows.clear();
    lookups.rows.set(tokenHash, { row, at: started });
  }
  return row;
}

/** The user behind a session cookie, or null when it is unknown, expired, idle or revoked. */
export async function principalFromSession(token: string): Promise<Principal | null> {
  const session = await findSession(hashSecret(token));
  if (!session || session.revokedAt || session.disabled) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > getEnv().sessionIdleMs) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    session.lastSeenAt = new Date(now);
    await getDb().session.update({ where: { id: session.id }, data: { lastSeenAt: session.lastSeenAt } });
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
  await settleSessionChange();
}

export async function revokeUserSessions(userId: string): Promise<void> {
  await getDb().session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  await settleSessionChange();
}
