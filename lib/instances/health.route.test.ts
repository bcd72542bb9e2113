import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { getDb } from "@/lib/db";
import { getSecretBox } from "@/lib/secrets/key";
import { createSecretBox } from "@/lib/secrets/secret-box";
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
  test("engines=1 names the stored secrets another instance's key sealed (a DASHBOARD_SECRET_KEY that differs)", async () => {
    const ours = getSecretBox().seal("registry-password");
    const theirs = createSecretBox(randomBytes(32)).seal("registry-password");
    await getDb().registry.createMany({
      data: [
        { address: "127.0.0.1:1", username: "u", secretSealed: ours },
        { address: "127.0.0.1:2", username: "u", secretSealed: theirs },
      ],
    });
    const engine = await getDb().engine.create({ data: { name: "sealed-elsewhere", host: "tcp://127.0.0.1:9", tlsKeySealed: theirs } });
    try {
      const health = await clients.viewer.json<{ secretsSealedWithAnotherKey: string[] }>("/api/health?engines=1");
      assert.deepEqual(health.secretsSealedWithAnotherKey, ["registry 127.0.0.1:2", "engine sealed-elsewhere"]);
    } finally {
      await getDb().registry.deleteMany({ where: { address: { in: ["127.0.0.1:1", "127.0.0.1:2"] } } });
      await getDb().engine.delete({ where: { id: engine.id } });
    }
  });
});
