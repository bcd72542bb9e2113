import "server-only";
import { z } from "zod";
import { recordEvent } from "@/lib/audit/audit";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashPassword, passwordSchema, usernameSchema } from "@/lib/auth/passwords";
import { actorName, roleSchema, type Principal, type Role } from "@/lib/auth/roles";
import { revokeUserSessions } from "@/lib/auth/sessions";

export const createUserSchema = z.object({ username: usernameSchema, password: passwordSchema, role: roleSchema });
export const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() })
  .refine((body) => Object.keys(body).length > 0, "give at least one of role, disabled, password");
export const setupSchema = z.object({ username: usernameSchema, password: passwordSchema });

export type UserView = { id: string; username: string; role: Role; disabled: boolean; createdAt: string; updatedAt: string };

function toView(row: { id: string; username: string; role: string; disabled: boolean; createdAt: Date; updatedAt: Date }): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role as Role,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function countUsers(): Promise<number> {
  return getDb().user.count();
}

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
      if (!(error instanceof AppError && error.status === 409)) throw error;
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
  const created = await db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: { username, passwordHash, role: "admin" } });
  });
  if (!created) throw new AppError("conflict:setup", 409, "Setup is done: an admin exists already. Sign in instead.");
  await recordEvent({
    action: "user.setup",
    target: username,
    actor: via === "setup" ? username : "environment",
    outcome: "succeeded",
    params: { username, role: "admin", via },
  });
  return toView(created);
}

export async function listUsers(): Promise<UserView[]> {
  return (await getDb().user.findMany({ orderBy: { username: "asc" } })).map(toView);
}

export async function createUser({
  username,
  password,
  role,
  actor,
}: z.infer<typeof createUserSchema> & { actor: Principal }): Promise<UserView> {
  const db = getDb();
  if (await db.user.findUnique({ where: { username } })) {
    throw new AppError("conflict:user", 409, `A user named ${username} exists already.`);
  }
  const user = await db.user.create({ data: { username, passwordHash: await hashPassword(password), role } });
  await recordEvent({ action: "user.create", target: username, actor: actorName(actor), outcome: "succeeded", params: { username, role } });
  return toView(user);
}

/**
 * Changes a user's role, disables/enables them, or resets their password. Disabling or resetting
 * signs them out everywhere. An admin cannot demote or disable themselves, so the dashboard always
 * keeps an admin who can undo a mistake.
 */
export async function updateUser({
  id,
  changes,
  actor,
}: {
  id: string;
  changes: z.infer<typeof updateUserSchema>;
  actor: Principal;
}): Promise<UserView> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found:user", 404, `No user with id ${id}.`);
  const self = actor.kind === "user" && actor.id === id;
  if (self && ((changes.role && changes.role !== "admin") || changes.disabled)) {
    throw new AppError("conflict:user", 409, "You cannot demote or disable yourself; ask another admin.");
  }
  const updated = await db.user.update({
    where: { id },
    data: {
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
    },
  });
  // Roles are read on every request, so a role change needs no sign-out; these do.
  if (changes.disabled || changes.password) await revokeUserSessions(id);
  await recordEvent({
    action: "user.update",
    target: user.username,
    actor: actorName(actor),
    outcome: "succeeded",
    params: { role: changes.role, disabled: changes.disabled, passwordReset: changes.password ? true : undefined },
  });
  return toView(updated);
}
