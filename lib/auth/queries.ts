import "server-only";
import { getDb } from "@/lib/db";
import type { Principal, Role } from "@/lib/auth/roles";
import type { ApiTokenView, Me, UserView } from "@/lib/auth/types";

type UserRow = { id: string; username: string; role: string; disabled: boolean; createdAt: Date; updatedAt: Date };

type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { username: string };
};

/** A stored user as the API shows it: never the password hash. */
export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role as Role,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A stored API token as the API shows it: never the secret or its hash. */
export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
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

export async function countUsers(): Promise<number> {
  return getDb().user.count();
}

export async function listUsers(): Promise<UserView[]> {
  return (await getDb().user.findMany({ orderBy: { username: "asc" } })).map(toUserView);
}

/** Every API token, newest first, revoked ones included. */
export async function listApiTokens(): Promise<ApiTokenView[]> {
  const rows = await getDb().apiToken.findMany({ include: { createdBy: true }, orderBy: { createdAt: "desc" } });
  return rows.map(toApiTokenView);
}

/**
 * Who the caller is, as `GET /api/auth/me` answers.
 *
 * @example describeMe({ kind: "token", id: "t1", name: "ci", role: "operator", createdBy: "ana" }) // { kind: "token", name: "ci", role: "operator" }
 */
export function describeMe(principal: Principal): Me {
  return principal.kind === "user"
    ? { kind: "user", username: principal.username, role: principal.role }
    : { kind: "token", name: principal.name, role: principal.role };
}
