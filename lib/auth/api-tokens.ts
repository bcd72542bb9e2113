import "server-only";
import { getDb } from "@/lib/db";
import { hashSecret } from "@/lib/auth/secrets";
import type { Principal, Role } from "@/lib/auth/roles";

// Bearer-token authentication, as sessions.ts is for the cookie. Listing tokens is in queries.ts;
// creating and revoking them are audited actions in actions.ts.

export const TOKEN_PREFIX = "dsh_";

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
