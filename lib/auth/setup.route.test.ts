import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { getDb } from "@/lib/db";
import { prepareRouteTests, routeClient } from "@/lib/testing/route-client";

// A fresh install: no ADMIN_USERNAME / ADMIN_PASSWORD, so no user exists until setup creates one.
// (The pages' redirects to and away from /setup are tested against `next start` in
// lib/http/production-server.integration.test.ts.)
prepareRouteTests({ admin: null });

describe("first-run setup", () => {
  test("creates the first admin once, signs them in, and refuses afterwards", async () => {
    const anonymous = routeClient();
    // Four setups at the same moment (as two instances behind a load balancer could take them):
    // exactly one creates an admin, on SQLite and on PostgreSQL alike.
    const attempts = await Promise.all(
      ["first", "rival-a", "rival-b", "rival-c"].map((username) =>
        anonymous.fetch("/api/auth/setup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password: `${username}-admin-password` }),
        }),
      ),
    );
    assert.deepEqual(attempts.map((attempt) => attempt.status).sort(), [201, 409, 409, 409]);
    const first = attempts.find((attempt) => attempt.status === 201)!;
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = await routeClient({ cookie }).json<{ username: string; role: string }>("/api/auth/me");
    assert.equal(me.role, "admin");
    assert.equal(await getDb().user.count(), 1);

    const second = await anonymous.fetch("/api/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "second", password: "second-admin-password" }),
    });
    assert.equal(second.status, 409);
  });
});
