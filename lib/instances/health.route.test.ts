import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { requireSandboxEngine } from "@/lib/testing/docker-cli";
import { prepareRouteTests, routeClient } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { describeDatabase } from "@/lib/instances/queries";

requireSandboxEngine();
prepareRouteTests();

describe("GET /api/health", () => {
  const clients = signInEveryRole();

  test("answers ok without signing in, with no data", async () => {
    const response = await routeClient().fetch("/api/health");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), { status: "ok" });
  });

  test("engines=1 needs a signed-in viewer, and then lists each engine's state", async () => {
    const anonymous = await routeClient().fetch("/api/health?engines=1");
    assert.equal(anonymous.status, 401);
    const health = await clients.viewer.json<{ status: string; engines: { id: string; state: string; host: string }[] }>(
      "/api/health?engines=1",
    );
    assert.equal(health.status, "ok");
    const engine = health.engines.find((candidate) => candidate.id === "default");
    assert.equal(engine?.state, "up");
    assert.equal(engine?.host, process.env.DOCKER_HOST);
  });

  test("a bad engines value is a 400 naming it", async () => {
    const response = await routeClient().fetch("/api/health?engines=yes");
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /engines/);
  });

  test("a database URL is shown without its password", () => {
    assert.equal(describeDatabase("postgresql://app:secret@db:5432/dash"), "PostgreSQL db:5432/dash");
    assert.equal(describeDatabase("file:/srv/dash/dashboard.db"), "SQLite /srv/dash/dashboard.db");
  });
});
