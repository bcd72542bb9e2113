import "server-only";
import { z } from "zod";
import { recordEvent } from "@/lib/audit/audit";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { actorName, roleSchema, type Principal, type Role } from "@/lib/auth/roles";

export const TOKEN_PREFIX = "dsh_";

export const createTokenSchema = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(64, "name must be at most 64 characters"),
  role: roleSchema,
});

export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** The principal behind `Authorization: Bearer <token>`, or null when unknown or revoked. */
export async function principalFromApiToken(token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { createdBy: true } });
  if (!row || row.revokedAt || row.createdBy.disabled) return null;
  // lastUsedAt is informative; a minute's resolution spares a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { kind: "token", id: row.id, name: row.name, role: row.role as Role, createdBy: row.createdBy.username };
}

/**
 * Creates an API token and returns it once; only its hash is kept. A token never carries more
 * rights than the admin who made it (admins have them all).
 */
export async function createApiToken({
  name,
  role,
  actor,
}: {
  name: string;
  role: Role;
  actor: Principal;
}): Promise<{ token: string; apiToken: ApiTokenView }> {
  if (actor.kind !== "user")
    throw new AppError("forbidden:token", 403, "API tokens are created by a signed-in admin, not by another token.");
  const token = newSecret(TOKEN_PREFIX);
  const row = await getDb().apiToken.create({
    data: { name, role, tokenHash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), createdById: actor.id },
    include: { createdBy: true },
  });
  await recordEvent({ action: "token.create", target: name, actor: actorName(actor), outcome: "succeeded", params: { name, role } });
  return { token, apiToken: toView(row) };
}

export async function listApiTokens(): Promise<ApiTokenView[]> {
  const rows = await getDb().apiToken.findMany({ include: { createdBy: true }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function revokeApiToken({ id, actor }: { id: string; actor: Principal }): Promise<ApiTokenView> {
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:token", 404, `No API token with id ${id}.`);
  const updated = await db.apiToken.update({
    where: { id },
    data: { revokedAt: row.revokedAt ?? new Date() },
    include: { createdBy: true },
  });
  await recordEvent({ action: "token.revoke", target: row.name, actor: actorName(actor), outcome: "succeeded", params: { id } });
  return toView(updated);
}

function toView(row: {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { username: string };
}): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role as Role,
    createdBy: row.createdBy.username,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
