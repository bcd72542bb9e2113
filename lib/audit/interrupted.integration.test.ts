import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { AuditEntryView } from "@/lib/audit/types";
import { eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { signIn, TEST_ADMIN } from "@/lib/testing/http-client";
import { slowImport, startServer, type RunningServer } from "@/lib/testing/server";
import { tarOf } from "@/lib/testing/tar";

requireSandboxEngine();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-interrupted-"));
const servers: RunningServer[] = [];
after(async () => {
  for (const server of servers) await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function isListening(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/login`, { redirect: "manual" });
    return true;
  } catch {
    return false;
  }
}

test("an import whose server is killed (kill -9) mid-upload is marked interrupted once its heartbeat lapses", async () => {
  const first = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST!, DASHBOARD_DATA_DIR: dataDir });
  servers.push(first);
  const admin = await signIn(first.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
  const repo = `it/${uniqueName("killed")}`;

  // A slow upload: the archive's first 64 KB, then nothing more (its audit row stays "started").
  const archive = await tarOf({ "big.bin": Buffer.alloc(1024 * 1024, 1) });
  const upload = slowImport(first, admin, repo, archive);

  const started = await eventually(async () => {
    const { entries } = await admin.json<{ entries: AuditEntryView[] }>(
      `/api/audit?action=image.import&target=${encodeURIComponent(repo)}`,
    );
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.outcome, "started");
    return entries[0]!;
  }, 15_000);

  // The whole process group: the start script, `next start` and anything it runs.
  process.kill(-first.pid, "SIGKILL");
  servers.pop();
  await eventually(async () => assert.equal(await isListening(first.baseUrl), false), 10_000);
  await upload.ended;

  const second = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST!, DASHBOARD_DATA_DIR: dataDir });
  servers.push(second);
  const again = await signIn(second.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
  const interrupted = await eventually(async () => {
    const { entries } = await again.json<{ entries: AuditEntryView[] }>(
      `/api/audit?outcome=interrupted&target=${encodeURIComponent(repo)}`,
    );
    assert.equal(entries.length, 1);
    return entries[0]!;
    // The killed server's last beat was at most 10 s before it died; 30 s later the new server's
    // next beat (every 10 s) settles its rows.
  }, 55_000);
  assert.equal(interrupted.id, started.id);
  assert.equal(interrupted.action, "image.import");
  assert.match(interrupted.error ?? "", /server process stopped before the action finished/);
  assert.ok(interrupted.finishedAt && Date.parse(interrupted.finishedAt) > Date.parse(started.time));

  // Nothing is left "started", and the audit page shows the outcome with its own badge and filter.
  const { entries: stillStarted } = await again.json<{ entries: AuditEntryView[] }>(
    `/api/audit?outcome=started&target=${encodeURIComponent(repo)}`,
  );
  assert.deepEqual(stillStarted, []);
  const page = await (await again.fetch(`/audit?outcome=interrupted&target=${encodeURIComponent(repo)}`)).text();
  assert.match(page, /data-outcome="interrupted"/);
  assert.match(page, /<option value="interrupted" selected="">interrupted<\/option>/);
});
