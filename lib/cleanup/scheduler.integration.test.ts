import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { AuditEntryView } from "@/lib/audit/types";
import type { CleanupPolicy } from "@/lib/cleanup/types";
import { eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { signIn, TEST_ADMIN } from "@/lib/testing/http-client";
import { startServer, type RunningServer } from "@/lib/testing/server";

requireSandboxEngine();

// The scheduler runs in `next start`'s process (instrumentation.ts), apart from the route
// handlers' bundle: a policy saved through the API must be scheduled at once, and two servers
// sharing the database must run each tick once.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-scheduler-"));
const servers: RunningServer[] = [];
after(async () => {
  for (const server of servers) await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a policy saved through the API is scheduled at once; with two servers on one database each tick runs once", async () => {
  const first = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST!, DASHBOARD_DATA_DIR: dataDir });
  servers.push(first);
  const admin = await signIn(first.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
  const name = uniqueName("every-second");
  // A rule nothing matches: each run removes nothing.
  const policy = await admin.json<CleanupPolicy>(
    "/api/cleanup/policies",
    { method: "POST", body: JSON.stringify({ name, rules: { largerThanBytes: 1e15 }, schedule: "* * * * * *" }) },
    201,
  );
  const runs = async () =>
    (await admin.json<{ entries: AuditEntryView[] }>("/api/audit?action=cleanup.run&limit=500")).entries.filter(
      (entry) => (entry.params as { policyId?: string }).policyId === policy.id,
    );
  // Well within the scheduler's one-minute re-read: the save itself scheduled it.
  await eventually(async () => assert.ok((await runs()).length >= 1, "no scheduled run yet"), 10_000);

  const second = await startServer({
    DOCKER_HOST: process.env.DOCKER_HOST!,
    DASHBOARD_DATA_DIR: dataDir,
    ADMIN_USERNAME: "",
    ADMIN_PASSWORD: "",
  });
  servers.push(second);
  const before = (await runs()).length;
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const entries = await runs();
  const ticks = entries.map((entry) => (entry.params as { tick: string }).tick);
  assert.ok(entries.length - before >= 2, `${entries.length - before} runs in 4 s with two servers`);
  assert.equal(new Set(ticks).size, ticks.length, `a tick ran twice: ${ticks.sort().join(", ")}`);
  assert.ok(entries.every((entry) => entry.actor === `policy:${name}` && entry.outcome === "succeeded"));

  // Unscheduled through the API: no run after that.
  await admin.json(`/api/cleanup/policies/${policy.id}`, { method: "PATCH", body: JSON.stringify({ schedule: null }) });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const settled = (await runs()).length;
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  assert.equal((await runs()).length, settled, "this server stopped scheduling it at once");
});
