import { before } from "node:test";
import { uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { signInRoute } from "@/lib/testing/route-client";

export type SignedInRoles = Record<"viewer" | "operator" | "admin", DashboardClient>;

/**
 * A signed-in in-process client for each role, filled in before the suite's tests: the test admin,
 * and a viewer and an operator the admin creates with unique names. Call it inside `describe`.
 *
 * @example const clients = signInEveryRole(); test("…", async () => { await clients.viewer.json("/api/volumes"); });
 */
export function signInEveryRole(): SignedInRoles {
  const clients = {} as SignedInRoles;
  before(async () => {
    clients.admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
    for (const role of ["viewer", "operator"] as const) {
      const username = uniqueName(role);
      await clients.admin.json(
        "/api/users",
        { method: "POST", body: JSON.stringify({ username, password: `${role}-password-1`, role }) },
        201,
      );
      clients[role] = await signInRoute(username, `${role}-password-1`);
    }
  });
  return clients;
}
