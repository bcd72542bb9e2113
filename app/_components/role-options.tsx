import { ROLES, type Role } from "@/lib/auth/roles";

export const ROLE_SUMMARY: Record<Role, string> = {
  viewer: "reads everything, changes nothing",
  operator: "also pulls, pushes, tags, imports, loads and commits",
  admin: "also removes images, manages registries, users and tokens",
};

/** The <option>s of a role <select>, weakest first. */
export function RoleOptions() {
  return (
    <>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </>
  );
}
