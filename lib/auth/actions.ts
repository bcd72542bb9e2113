import "server-only";
import { recordEvent } from "@/lib/audit/actions";
import { TOKEN_PREFIX } from "@/lib/auth/api-tokens";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "@/lib/auth/passwords";
import { countUsers, toApiTokenView, toUserView } from "@/lib/auth/queries";
import { actorName, type Principal, type Role } from "@/lib/auth/roles";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { createSession, revokeSession, revokeUserSessions, settleSessionChange } from "@/lib/auth/sessions";
import { SignInThrottle } from "@/lib/auth/sign-in-failures";
import type {
  ApiTokenView,
  CreatedApiToken,
  CreateTokenBody,
  CreateUserBody,
  SignedInUser,
  UpdateUserBody,
  UserView,
} from "@/lib/auth/types";
import { getDatabaseKind, getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** A new session: the cookie value (shown once) and when it expires at the latest. */
type StartedSession = { token: string; expiresAt: Date; user: SignedInUser };

// Users

let bootstrap: Promise<void> | undefined;

/**
 * First start: when no user exists and ADMIN_USERNAME / ADMIN_PASSWORD are set, that admin is
 * created. Runs once per process; without those variables the setup page creates the first admin.
 */
export function ensureBootstrapAdmin(): Promise<void> {
  bootstrap ??= (async () => {
    const admin = getEnv().bootstrapAdmin;
    if (!admin || (await countUsers()) > 0) return;
    await createFirstAdmin({ username: admin.username, password: admin.password, via: "environment" }).catch((error: unknown) => {
      // Another process may have created users meanwhile; that is fine.
      if (!(error instanceof AppError && error.type === "conflict")) throw error;
    });
  })();
  bootstrap.catch(() => (bootstrap = undefined));
  return bootstrap;
}

/**
 * Creates the first admin, only while no user exists (the setup page and the environment
 * bootstrap); afterwards it refuses with 409.
 */
export async function createFirstAdmin({
  username,
  password,
  via,
}: {
  username: string;
  password: string;
  via: "setup" | "environment";
}): Promise<UserView> {
  const passwordHash = await hashPassword(password);
  const db = getDb();
  // SQLite serialises write transactions, so two concurrent setups cannot both see zero users.
  // PostgreSQL does not (two instances behind one load balancer can each take a setup request at
  // once): there the transaction first takes a lock that the other waits for until it commits.
  const created = await db.$transaction(async (tx) => {
    if (getDatabaseKind() === "postgresql") await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('dashboard-first-admin'))`;
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: { username, passwordHash, role: "admin" } });
  });
  if (!created) throw new AppError("conflict:setup", "Setup is done: an admin exists already. Sign in instead.");
  await recordEvent({
    action: "user.setup",
    target: username,
    actor: via === "setup" ? username : "environment",
    outcome: "succeeded",
    params: { username, role: "admin", via },
  });
  return toUserView(created);
}

/** The setup page's action: creates the first admin (409 once one exists) and signs them in. */
export async function setUpFirstAdmin({
  username,
  password,
  userAgent,
}: {
  username: string;
  password: string;
  userAgent: string | null;
}): Promise<StartedSession> {
  const user = await createFirstAdmin({ username, password, via: "setup" });
  const session = await createSession({ userId: user.id, userAgent });
  return { ...session, user: { username: user.username, role: user.role } };
}

export async function createUser({ username, password, role, actor }: CreateUserBody & { actor: Principal }): Promise<UserView> {
  const db = getDb();
  if (await db.user.findUnique({ where: { username } })) {
    throw new AppError("conflict:user", `A user named ${username} exists already.`);
  }
  const user = await db.user.create({ data: { username, passwordHash: await hashPassword(password), role } });
  await recordEvent({ action: "user.create", target: username, actor: actorName(actor), outcome: "succeeded", params: { username, role } });
  return toUserView(user);
}

/**
 * Changes a user's role, disables/enables them, or resets their password. Disabling or resetting
 * signs them out everywhere. An admin cannot demote or disable themselves, so the dashboard always
 * keeps an admin who can undo a mistake.
 */
export async function updateUser({ id, changes, actor }: { id: string; changes: UpdateUserBody; actor: Principal }): Promise<UserView> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found:user", `No user with id ${id}.`);
  const self = actor.kind === "user" && actor.id === id;
  if (self && ((changes.role && changes.role !== "admin") || changes.disabled)) {
    throw new AppError("conflict:user", "You cannot demote or disable yourself; ask another admin.");
  }
  const updated = await db.user.update({
    where: { id },
    data: {
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
    },
  });
  // Roles are read on every request, so a role change needs no sign-out (only the kept session
  // lookups, which carry the role, go); these do.
  if (changes.disabled || changes.password) await revokeUserSessions(id);
  else await settleSessionChange();
  await recordEvent({
    action: "user.update",
    target: user.username,
    actor: actorName(actor),
    outcome: "succeeded",
    params: { role: changes.role, disabled: changes.disabled, passwordReset: changes.password ? true : undefined },
  });
  return toUserView(updated);
}

// API tokens

/**
 * Creates an API token and returns it once; only its hash is kept. A token never carries more
 * rights than the admin who made it (admins have them all).
 */
export async function createApiToken({ name, role, actor }: CreateTokenBody & { actor: Principal }): Promise<CreatedApiToken> {
  if (actor.kind !== "user") throw new AppError("forbidden:token", "API tokens are created by a signed-in admin, not by another token.");
  const token = newSecret(TOKEN_PREFIX);
  const row = await getDb().apiToken.create({
    data: { name, role, tokenHash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), createdById: actor.id },
    include: { createdBy: true },
  });
  await recordEvent({ action: "token.create", target: name, actor: actorName(actor), outcome: "succeeded", params: { name, role } });
  return { token, apiToken: toApiTokenView(row) };
}

/** Revokes a token at once (revoking it again keeps the first time). */
export async function revokeApiToken({ id, actor }: { id: string; actor: Principal }): Promise<ApiTokenView> {
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:token", `No API token with id ${id}.`);
  const updated = await db.apiToken.update({
    where: { id },
    data: { revokedAt: row.revokedAt ?? new Date() },
    include: { createdBy: true },
  });
  await recordEvent({ action: "token.revoke", target: row.name, actor: actorName(actor), outcome: "succeeded", params: { id } });
  return toApiTokenView(updated);
}

// Sign-in

const WINDOW_MS = 15 * 60_000;
// Per username: slows guessing one account. Per address: slows spraying many accounts.
// Both count in the database, so that the limits hold across every instance sharing it.
const byUser = new SignInThrottle({ limit: 5, windowMs: WINDOW_MS });
const byAddress = new SignInThrottle({ limit: 20, windowMs: WINDOW_MS });

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
}): Promise<StartedSession> {
  await ensureBootstrapAdmin();
  const userKey = `user:${username.toLowerCase()}`;
  const addressKey = `address:${address ?? "unknown"}`;
  const wait = Math.max(await byUser.retryAfterMs(userKey), address ? await byAddress.retryAfterMs(addressKey) : 0);
  if (wait > 0) {
    await recordEvent({
      action: "auth.login",
      target: username,
      actor: username,
      outcome: "failed",
      error: "throttled",
      params: { address },
    });
    throw new AppError("throttled:login", `Too many failed sign-ins; try again in ${Math.ceil(wait / 60_000)} minute(s).`, {
      details: { retryAfterSeconds: Math.ceil(wait / 1000) },
    });
  }

  const user = await getDb().user.findUnique({ where: { username } });
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstNothing(password);
  if (!user || !valid || user.disabled) {
    await byUser.recordFailure(userKey);
    if (address) await byAddress.recordFailure(addressKey);
    await recordEvent({
      action: "auth.login",
      target: username,
      actor: username,
      outcome: "failed",
      error: !user ? "unknown user" : !valid ? "wrong password" : "user disabled",
      params: { address },
    });
    throw new AppError("unauthorized:login", WRONG_CREDENTIALS);
  }

  await byUser.reset(userKey);
  const session = await createSession({ userId: user.id, userAgent, address });
  await recordEvent({ action: "auth.login", target: username, actor: username, outcome: "succeeded", params: { address } });
  return { ...session, user: { username: user.username, role: user.role as Role } };
}

/** Ends the caller's session server-side; a token has no session to end. */
export async function signOut(principal: Principal): Promise<void> {
  if (principal.kind !== "user") return;
  await revokeSession(principal.sessionId);
  await recordEvent({ action: "auth.logout", target: principal.username, actor: principal.username, outcome: "succeeded" });
}
