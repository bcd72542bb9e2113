import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { prepareRouteTests, routeClient } from "@/lib/testing/route-client";

// A fresh install: no ADMIN_USERNAME / ADMIN_PASSWORD, so no user exists until setup creates one.
// (The pages' redirects to and away from /setup are tested against `next start` in
// lib/http/production-server.integration.test.ts.)
prepareRouteTests({ admin: null });

describe("first-run setup", () => {
  test("creates the first admin once, signs them in, and refuses afterwards", async () => {
    const anonymous = routeClient();
    const body = JSON.stringify({ username: "first", password: "first-admin-password" });
    const first = await anonymous.fetch("/api/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(first.status, 201);
    const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = await routeClient({ cookie }).json<{ username: string; role: string }>("/api/auth/me");
    assert.deepEqual({ username: me.username, role: me.role }, { username: "first", role: "admin" });

    const second = await anonymous.fetch("/api/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "second", password: "second-admin-password" }),
    });
    assert.equal(second.status, 409);
  });
});
