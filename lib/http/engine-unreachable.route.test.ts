import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { requireSandboxEngine } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";
import { EngineSocketProxy } from "@/lib/testing/server";

// The routes reach the engine through a socket proxy that starts closed: DOCKER_HOST names a
// socket nobody answers on until the second test opens it. (What pages show meanwhile is
// tested against `next start` in production-server.integration.test.ts.)
requireSandboxEngine();
const engineSocket = process.env.DOCKER_HOST!.slice("unix://".length);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-proxy-"));
const proxy = new EngineSocketProxy(path.join(dir, "engine.sock"), engineSocket);
prepareRouteTests({ dockerHost: `unix://${proxy.socketPath}` });

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

describe("engine unreachable, then back", () => {
  let admin: DashboardClient;
  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(async () => {
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("API routes answer 503 naming DOCKER_HOST", async () => {
    for (const route of ["/api/engine", "/api/images", `/api/images/${encodeURIComponent("seed/fat:1")}`]) {
      const response = await admin.fetch(`${route}`);
      assert.equal(response.status, 503, route);
      const body = await json(response);
      assert.match(String(body.error), new RegExp(`${proxy.socketPath}.*not reachable`), route);
    }
    const tag = await admin.fetch(`/api/images/${encodeURIComponent("seed/fat:1")}/tag`, {
      method: "POST",
      body: JSON.stringify({ repo: "x/y", tag: "1" }),
    });
    assert.equal(tag.status, 503);
  });

  test("recovers by itself within 5 s of the engine coming back, and again after it goes", async () => {
    await proxy.open();
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 5_000) {
      status = (await admin.fetch(`/api/images`)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status, 200, "images list answers once the engine is back");
    await proxy.close();
    assert.equal((await admin.fetch(`/api/engine`)).status, 503);
    await proxy.open();
    const back = await admin.fetch(`/api/engine`);
    assert.equal(back.status, 200, JSON.stringify(await back.json()));
  });
});
