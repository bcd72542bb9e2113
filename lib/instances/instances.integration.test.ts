/**
 * Two dashboard instances (`npm start`, each with its own data directory and port) on one
 * database behave as one: a session made on A works on B and a sign-out through B holds on A at
 * once; failed sign-ins spread over both throttle the next; a console opened through A is typed
 * into and resized through B; a user's consoles count toward one limit across both; a build's
 * whole log is served by the instance that did not run it; and a kill -9 of A mid-import and
 * mid-build leaves its audit row "started" and its build "running" until A's heartbeat lapses,
 * then "interrupted" and "failed", while B's import in flight is never touched.
 * On SQLite (one file both open) always; again on PostgreSQL when TEST_POSTGRES_URL_BASE names a
 * private cluster (scripts/test.sh starts one). Needs `next build`.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { AuditEntryView } from "@/lib/audit/types";
import type { BuildDetail, BuildPage, BuildResult } from "@/lib/builds/types";
import { docker, eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { DashboardClient, signIn, TEST_ADMIN } from "@/lib/testing/http-client";
import { slowImport, startServer, type RunningServer } from "@/lib/testing/server";
import { tarOf } from "@/lib/testing/tar";

requireSandboxEngine();

async function createPostgresDatabase(base: string): Promise<string> {
  const name = `instances_${process.pid}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return `${base}/${name}`;
}

async function importRow(client: DashboardClient, repo: string): Promise<AuditEntryView | undefined> {
  const { entries } = await client.json<{ entries: AuditEntryView[] }>(`/api/audit?action=image.import&target=${encodeURIComponent(repo)}`);
  return entries[0];
}

/** The screen of a console read through `client`, as text so far. */
async function readScreen(client: DashboardClient, session: string): Promise<{ text: () => string; close: () => void }> {
  const controller = new AbortController();
  const response = await client.fetch(`/api/exec/${session}/output`, { signal: controller.signal });
  assert.equal(response.status, 200);
  let text = "";
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted
    }
  })();
  return { text: () => text, close: () => controller.abort() };
}

const stores: { name: string; databaseUrl: () => Promise<string> }[] = [
  {
    name: "SQLite",
    databaseUrl: async () => `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "instances-db-")), "dashboard.db")}`,
  },
];
if (process.env.TEST_POSTGRES_URL_BASE) {
  const base = process.env.TEST_POSTGRES_URL_BASE;
  stores.push({ name: "PostgreSQL", databaseUrl: () => createPostgresDatabase(base) });
}

for (const store of stores) {
  describe(`two instances on one ${store.name} database`, () => {
    let a: RunningServer;
    let b: RunningServer;
    const servers: RunningServer[] = [];
    const container = uniqueName("instances-console");

    const env = {
      DOCKER_HOST: process.env.DOCKER_HOST!,
      DATABASE_URL: "",
      // Registry passwords sealed through one instance are opened by the other.
      DASHBOARD_SECRET_KEY: randomBytes(32).toString("hex"),
    };

    before(async () => {
      env.DATABASE_URL = await store.databaseUrl();
      // One after the other: the second start finds the database migrated.
      a = await startServer({ ...env, DASHBOARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "instance-a-")) });
      servers.push(a);
      b = await startServer({ ...env, DASHBOARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "instance-b-")) });
      servers.push(b);
      docker("run", "-d", "--name", container, "--network", "none", "local/busybox:1", "sleep", "3600");
    });
    after(async () => {
      for (const server of servers) await server.stop();
      docker("rm", "-f", container);
    });

    test("both answer their health check", async () => {
      for (const server of [a, b]) {
        const response = await fetch(`${server.baseUrl}/api/health`);
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { status: "ok" });
      }
    });

    test("a session made on A is valid on B; signed out through B, A refuses it at once", async () => {
      const onA = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const onB = new DashboardClient(b.baseUrl, { cookie: onA.cookie });
      assert.equal((await onB.json<{ username: string }>("/api/auth/me")).username, TEST_ADMIN.username);
      // A has just looked the session up (and keeps lookups for a moment).
      await onA.json("/api/auth/me");
      const signedOut = await onB.fetch("/api/auth/logout", { method: "POST" });
      assert.ok(signedOut.status < 300, `logout: ${signedOut.status}`);
      assert.equal((await onA.fetch("/api/auth/me")).status, 401);
      assert.equal((await onB.fetch("/api/auth/me")).status, 401);
    });

    test("five wrong passwords spread over A and B throttle the sixth attempt, on either", async () => {
      const admin = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const username = uniqueName("spread");
      await admin.json(
        "/api/users",
        { method: "POST", body: JSON.stringify({ username, password: "spread-password-1", role: "viewer" }) },
        201,
      );
      const attempt = (server: RunningServer, password: string) =>
        fetch(`${server.baseUrl}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password }),
        });
      for (const server of [a, b, a, b, a]) assert.equal((await attempt(server, "wrong-password-9")).status, 401);
      // The right password now: refused on both, as the failures add up across instances.
      assert.equal((await attempt(b, "spread-password-1")).status, 429);
      assert.equal((await attempt(a, "spread-password-1")).status, 429);
    });

    test("a console opened through A is typed into and resized through B", async () => {
      const onA = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const onB = new DashboardClient(b.baseUrl, { cookie: onA.cookie });
      const { session } = await onA.json<{ session: string }>(
        `/api/containers/${container}/exec`,
        { method: "POST", body: JSON.stringify({ cols: 80, rows: 24 }) },
        201,
      );
      const screen = await readScreen(onA, session);
      const marker = `relayed-${randomBytes(4).toString("hex")}`;
      const typed = await onB.fetch(`/api/exec/${session}/input`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: `echo ${marker}\n`,
      });
      assert.equal(typed.status, 204, await typed.text());
      // The shell echoes the line as typed and prints the word: twice on the screen.
      await eventually(async () => assert.equal(screen.text().split(marker).length - 1, 2, screen.text()), 10_000);

      const resized = await onB.fetch(`/api/exec/${session}/resize`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cols: 101, rows: 33 }),
      });
      assert.equal(resized.status, 204, await resized.text());
      await onB.fetch(`/api/exec/${session}/input`, { method: "POST", body: "stty size\n" });
      await eventually(async () => assert.match(screen.text(), /33 101/), 10_000);

      // The status and the hang-up are relayed too; the session stays A's: B holds nothing.
      assert.equal((await onB.json<{ state: string }>(`/api/exec/${session}`)).state, "open");
      const ended = await onB.json<{ state: string; endedBy: string }>(`/api/exec/${session}`, { method: "DELETE" });
      assert.equal(ended.state, "ended");
      assert.equal(ended.endedBy, "ended");
      screen.close();
      // Another user's view of the session through B: as unknown as on A.
      const other = uniqueName("other");
      await onA.json(
        "/api/users",
        { method: "POST", body: JSON.stringify({ username: other, password: "other-password-1", role: "operator" }) },
        201,
      );
      const otherOnB = await signIn(b.baseUrl, other, "other-password-1");
      assert.equal((await otherOnB.fetch(`/api/exec/${session}`)).status, 404);
    });

    test("a scheduled clean-up policy runs once per tick while two instances schedule it (its lease row)", async () => {
      const admin = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const name = uniqueName("every-2s");
      // Rules nothing matches: each run plans and removes nothing, quickly.
      const policy = await admin.json<{ id: string }>(
        "/api/cleanup/policies",
        { method: "POST", body: JSON.stringify({ name, rules: { largerThanBytes: 1e15 }, schedule: "*/2 * * * * *" }) },
        201,
      );
      // A schedules it at once (made through it); a third instance reads it as it starts.
      const c = await startServer({
        DOCKER_HOST: process.env.DOCKER_HOST!,
        DATABASE_URL: env.DATABASE_URL,
        DASHBOARD_SECRET_KEY: env.DASHBOARD_SECRET_KEY,
        DASHBOARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "instance-c-")),
      });
      servers.push(c);
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      await admin.json(`/api/cleanup/policies/${policy.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) });
      await c.stop();
      servers.splice(servers.indexOf(c), 1);
      const { entries } = await admin.json<{ entries: AuditEntryView[] }>("/api/audit?action=cleanup.run&limit=500");
      const ticks = entries
        .filter((entry) => (entry.params as { policyId?: string }).policyId === policy.id)
        .map((entry) => (entry.params as { tick: string }).tick);
      assert.ok(ticks.length >= 4, `ticks run: ${ticks.join(", ")}`);
      assert.equal(new Set(ticks).size, ticks.length, `a tick ran twice: ${ticks.sort().join(", ")}`);
    });

    test("a build run through A whose log outgrew the row is served whole by B", async () => {
      const onA = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const onB = new DashboardClient(b.baseUrl, { cookie: onA.cookie });
      const tag = `it/${uniqueName("noisy")}:1`;
      // About 110 KB of output: more than the row keeps (64 KiB).
      const built = await onA.json<BuildResult>(
        `/api/builds?tag=${tag}&nocache=true`,
        { method: "POST", body: JSON.stringify({ dockerfile: "FROM local/busybox:1\nRUN seq 1 20000\n", files: {} }) },
        201,
      );
      try {
        const detail = await onB.json<BuildDetail>(`/api/builds/${built.id}`);
        assert.equal(detail.logTruncated, true);
        const whole = await onB.fetch(`/api/builds/${built.id}/log`);
        assert.equal(whole.status, 200);
        const text = await whole.text();
        assert.equal(Buffer.byteLength(text), detail.logBytes);
        assert.match(text, /^Step 1\/2 : FROM local\/busybox:1\n/);
        assert.match(text, /\n1\n2\n3\n[^]*\n20000\n/);
        assert.equal(text, await (await onA.fetch(`/api/builds/${built.id}/log`)).text());
      } finally {
        docker("rmi", "-f", tag);
      }
    });

    test("a user's consoles count toward one limit of 10 across A and B", async () => {
      const onA = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const onB = new DashboardClient(b.baseUrl, { cookie: onA.cookie });
      const open = (client: DashboardClient) =>
        client.fetch(`/api/containers/${container}/exec`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ command: ["sleep", "300"] }),
        });
      const sessions: { client: DashboardClient; session: string }[] = [];
      try {
        for (const client of [a, b, a, b, a, b, a, b, a, b].map((server) => (server === a ? onA : onB))) {
          const response = await open(client);
          assert.equal(response.status, 201, await response.clone().text());
          sessions.push({ client, session: ((await response.json()) as { session: string }).session });
        }
        for (const client of [onA, onB]) {
          const refused = await open(client);
          assert.equal(refused.status, 409);
          assert.match(((await refused.json()) as { error: string }).error, /You have 10 consoles open \(on all dashboard instances\)/);
        }
        // One of B's ends: A may open one again.
        const ended = sessions.splice(1, 1)[0]!;
        assert.equal((await onB.json<{ state: string }>(`/api/exec/${ended.session}`, { method: "DELETE" })).state, "ended");
        const reopened = await open(onA);
        assert.equal(reopened.status, 201, await reopened.clone().text());
        sessions.push({ client: onA, session: ((await reopened.json()) as { session: string }).session });
      } finally {
        for (const { client, session } of sessions) await client.fetch(`/api/exec/${session}`, { method: "DELETE" });
      }
    });

    test("kill -9 of A mid-import and mid-build: its rows stay started and running until A's heartbeat lapses, then interrupted and failed; B's import in flight is untouched", async () => {
      const onA = await signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const onB = await signIn(b.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
      const archive = await tarOf({ "big.bin": Buffer.alloc(1024 * 1024, 1) });
      const repoA = `it/${uniqueName("on-a")}`;
      const repoB = `it/${uniqueName("on-b")}`;
      const uploadA = slowImport(a, onA, repoA, archive);
      const uploadB = slowImport(b, onB, repoB, archive);
      // A build in flight on A too: its row is "running" until A's heartbeat lapses.
      const slowBuild = onA
        .fetch("/api/builds", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ dockerfile: "FROM local/busybox:1\nRUN sleep 120\n", files: {} }),
        })
        .then((response) => response.text())
        .catch(() => undefined);
      const buildA = await eventually(async () => {
        const { builds } = await onB.json<BuildPage>("/api/builds?outcome=running");
        assert.equal(builds.length, 1);
        return builds[0]!;
      }, 15_000);
      const rowA = await eventually(async () => {
        const row = await importRow(onB, repoA);
        assert.equal(row?.outcome, "started");
        return row!;
      }, 15_000);
      await eventually(async () => assert.equal((await importRow(onB, repoB))?.outcome, "started"), 15_000);

      process.kill(-a.pid, "SIGKILL");
      servers.splice(servers.indexOf(a), 1);
      await uploadA.ended;
      const killedAt = Date.now();
      // B beats (and sweeps) every 10 s: after two of its beats A's heartbeat is at most 30 s old.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      assert.equal((await importRow(onB, repoA))?.outcome, "started", "A's heartbeat has not lapsed yet");
      assert.equal((await onB.json<BuildDetail>(`/api/builds/${buildA.id}`)).outcome, "running", "A's build waits for the lapse too");

      const interrupted = await eventually(async () => {
        const row = await importRow(onB, repoA);
        assert.equal(row?.outcome, "interrupted");
        return row!;
      }, 45_000);
      assert.equal(interrupted.id, rowA.id);
      assert.match(interrupted.error ?? "", /stopped beating/);
      assert.ok(Date.now() - killedAt >= 15_000);
      const settled = await onB.json<BuildDetail>(`/api/builds/${buildA.id}`);
      assert.equal(settled.outcome, "failed");
      assert.match(settled.error ?? "", /stopped beating/);
      await slowBuild;
      // B's own import has been in flight all along, and is still.
      assert.equal((await importRow(onB, repoB))?.outcome, "started");
      uploadB.abort();
      await uploadB.ended;
      // Its own process completes it (the upload broke off), never the sweep.
      await eventually(async () => assert.equal((await importRow(onB, repoB))?.outcome, "failed"), 15_000);
    });
  });
}
