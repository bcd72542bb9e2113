import { z } from "zod";

/**
 * Roles, each including the one before it:
 * - viewer: reads everything, changes nothing;
 * - operator: also pulls, tags, commits, imports, loads, builds, pushes, runs containers;
 * - admin: also removes images, prunes, cleans up, manages registries, users and tokens.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` });

/**
 * True when `actual` is at least `required`.
 *
 * @example hasRole("operator", "viewer") // true
 * @example hasRole("operator", "admin") // false
 */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Who is acting: a signed-in user or an API token. */
export type Principal =
  | { kind: "user"; id: string; username: string; role: Role; sessionId: string }
  | { kind: "token"; id: string; name: string; role: Role; createdBy: string };

/**
 * The actor name the audit log shows.
 *
 * @example actorName({ kind: "token", id: "t1", name: "ci", role: "operator", createdBy: "ana" }) // "token:ci"
 */
export function actorName(principal: Principal): string {
  return principal.kind === "user" ? principal.username : `token:${principal.name}`;
}
