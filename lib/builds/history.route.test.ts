import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, test } from "node:test";
import { BUILD_INTERRUPTED_ERROR, buildLogChunkSink, readLogChunks } from "@/lib/builds/history";
import { BuildLogStore, MAX_ROW_LOG_CHARS } from "@/lib/builds/log-store";
import type { BuildDetail, BuildPage, BuildResult } from "@/lib/builds/types";
import { createDb, getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { currentInstanceId } from "@/lib/instances/queries";
import { uniqueName } from "@/lib/testing/docker-cli";
import { imagesRemovedAfterSuite } from "@/lib/testing/cleanup";
import { prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { tarOf } from "@/lib/testing/tar";

prepareRouteTests();

// The build history: every POST /api/builds leaves a row, started before the engine is called.
describe("GET /api/builds and /api/builds/{id}", () => {
  const clients = signInEveryRole();
  const run = uniqueName("history");
  const images = imagesRemovedAfterSuite();

  const typed = (query: string, body: unknown) =>
    clients.operator.fetch(`/api/builds?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  test("a build is stored with who, options, Dockerfile, steps and log; viewers list it newest first and page through", async () => {
    const tag = `history/${run}:1`;
    images.push(tag);
    const dockerfile = "FROM local/busybox:1\nARG V\nCOPY a.txt /a.txt\nRUN echo built-$V\n";
    const response = await typed(`tag=${tag}&buildarg=V=7&label=team=ops`, { dockerfile, files: { "a.txt": "a\n" } });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const result = JSON.parse(text) as BuildResult;
    assert.match(result.id, /^[a-z0-9]{20,40}$/);

    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${result.id}`);
    assert.equal(detail.outcome, "succeeded");
    assert.equal(detail.source, "typed");
    assert.notEqual(detail.actor, "");
    assert.equal(detail.dockerfile, dockerfile);
    assert.deepEqual(detail.files, ["a.txt"]);
    assert.deepEqual(detail.tags, [tag]);
    assert.deepEqual(detail.options.buildArgs, { V: "7" });
    assert.deepEqual(detail.options.labels, { team: "ops" });
    assert.equal(detail.imageId, result.imageId);
    assert.equal(detail.command, `docker build -t ${tag} --build-arg V=7 --label team=ops .`);
    assert.deepEqual(
      detail.steps.map((step) => step.instruction),
      result.steps.map((step) => step.instruction),
    );
    assert.equal(detail.contextFileCount, 2, "the Dockerfile and a.txt were hashed");
    assert.match(detail.log, /Step 1\/5 : FROM local\/busybox:1/);
    assert.match(detail.log, /built-7/);
    assert.equal(detail.logTruncated, false);
    assert.equal(detail.rebuildable, true);
    assert.ok(detail.finishedAt && detail.durationMs !== null);

    const again = (await (
      await typed(`tag=${tag}&buildarg=V=7&label=team=ops`, { dockerfile, files: { "a.txt": "a\n" } })
    ).json()) as BuildResult;
    const first = await clients.viewer.json<BuildPage>(`/api/builds?tag=${encodeURIComponent(tag)}&limit=1`);
    assert.deepEqual(
      first.builds.map((build) => build.id),
      [again.id],
      "newest first",
    );
    assert.equal(first.builds[0]!.cacheHits, again.cacheHits);
    assert.ok(first.nextCursor);
    const second = await clients.viewer.json<BuildPage>(`/api/builds?tag=${encodeURIComponent(tag)}&limit=1&cursor=${first.nextCursor}`);
    assert.deepEqual(
      second.builds.map((build) => build.id),
      [result.id],
    );
    assert.equal(second.nextCursor, null);
    const detailAgain = await clients.viewer.json<BuildDetail>(`/api/builds/${again.id}`);
    assert.equal(detailAgain.previousBuildId, result.id);
  });

  test("an uploaded tar's Dockerfile and file hashes are read as it streams by; it cannot be rebuilt from the history", async () => {
    const tag = `history/${run}:tar`;
    images.push(tag);
    const dockerfile = "FROM local/busybox:1\nCOPY data.txt /data.txt\n";
    const response = await clients.operator.fetch(`/api/builds?tag=${tag}`, {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(await tarOf({ Dockerfile: dockerfile, "./data.txt": "data\n", "sub/more.txt": "more\n" })),
    });
    const result = (await response.json()) as BuildResult;
    assert.equal(response.status, 201);
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${result.id}`);
    assert.equal(detail.source, "upload");
    assert.equal(detail.dockerfile, dockerfile);
    assert.equal(detail.contextFileCount, 3);
    // The archive was kept as it streamed by (see cancel.route.test.ts for the rebuild).
    assert.equal(detail.rebuildable, true);
    assert.equal(detail.command, `docker build -t ${tag} -`);
  });

  test("a log larger than the row keeps its end in the row and all of it in the database, served by /log", async () => {
    const tag = `history/${run}:noisy`;
    images.push(tag);
    // About 110 KB of output: more than the row keeps.
    const result = (await (
      await typed(`tag=${tag}&nocache=true`, { dockerfile: "FROM local/busybox:1\nRUN seq 1 20000\n" })
    ).json()) as BuildResult;
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${result.id}`);
    assert.equal(detail.logTruncated, true);
    assert.ok(detail.log.length <= MAX_ROW_LOG_CHARS, `${detail.log.length}`);
    assert.match(detail.log, /\n20000\n/);
    assert.doesNotMatch(detail.log, /Step 1\/2/);
    const whole = await clients.viewer.fetch(`/api/builds/${result.id}/log`);
    assert.equal(whole.status, 200);
    assert.match(whole.headers.get("content-type") ?? "", /text\/plain/);
    const text = await whole.text();
    assert.equal(Buffer.byteLength(text), detail.logBytes);
    assert.match(text, /^Step 1\/2 : FROM local\/busybox:1\n/);
    assert.match(text, /\n1\n2\n3\n/);
    assert.ok(text.endsWith(detail.log));
    const pieces = await getDb().buildLogChunk.count({ where: { buildId: result.id } });
    assert.ok(pieces >= 1, "the whole log is in the database, not in a file of this instance");
  });

  /** A build row as createBuildRecord writes it, by `serverProcess` (the instance running it). */
  const runningRow = (serverProcess: string, extra: { source?: string; contextKeptBy?: string } = {}) =>
    getDb().build.create({
      data: {
        actor: "someone",
        engine: "unix:///var/run/docker.sock",
        outcome: "running",
        source: extra.source ?? "typed",
        dockerfilePath: "Dockerfile",
        options: JSON.stringify({ tags: [], buildArgs: {}, labels: {}, nocache: false, pull: false }),
        compareKey: `untagged:typed:${run}`,
        command: "docker build .",
        serverProcess,
        ...(extra.contextKeptBy ? { contextKeptBy: extra.contextKeptBy } : {}),
      },
    });

  test("a log of megabytes written through one store client is read back whole, byte for byte, through others", async () => {
    const row = await runningRow(currentInstanceId());
    const writer = createDb(getEnv().databaseUrl);
    const reader = createDb(getEnv().databaseUrl);
    try {
      const store = new BuildLogStore(buildLogChunkSink(row.id, writer));
      // 3 MiB in lines, with text PostgreSQL's text type would refuse (NUL) and multi-byte letters.
      const lines = Array.from({ length: 40_000 }, (_, i) => `#${i} ${"é".repeat(30)} \u0000 step output ${"x".repeat(i % 17)}\n`);
      for (const line of lines) await store.append(line);
      const stored = await store.close();
      const whole = Buffer.from(lines.join(""));
      assert.ok(whole.length > 3 * 1024 * 1024, `${whole.length} bytes`);
      assert.equal(stored.logBytes, whole.length);
      assert.ok(stored.chunks >= 12, `${stored.chunks} pieces`);
      await writer.build.update({
        where: { id: row.id },
        data: { outcome: "succeeded", finishedAt: new Date(), log: stored.log, logBytes: stored.logBytes },
      });

      const chunks: Buffer[] = [];
      for await (const chunk of readLogChunks(row.id, reader)) chunks.push(chunk as Buffer);
      assert.ok(Buffer.concat(chunks).equals(whole), "read back through a second client, whole and in order");

      const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${row.id}`);
      assert.equal(detail.logTruncated, true);
      assert.equal(detail.logBytes, whole.length);
      assert.ok(detail.log.length <= MAX_ROW_LOG_CHARS);
      assert.ok(whole.toString("utf8").replaceAll("\u0000", "\uFFFD").endsWith(detail.log), "the row keeps the end, NUL replaced");
      const served = await clients.viewer.fetch(`/api/builds/${row.id}/log`);
      assert.equal(served.status, 200);
      assert.ok(Buffer.from(await served.arrayBuffer()).equals(whole), "served by the route (the store's own client) the same");
    } finally {
      await Promise.all([writer.$disconnect(), reader.$disconnect()]);
    }
  });

  test("a running build of an instance whose heartbeat lapsed is completed as failed; one that still beats is left running, whatever its host", async () => {
    const now = Date.now();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const instance = async (id: string, host: string, pid: number, ageMs: number) => {
      await getDb().dashboardInstance.create({
        data: { id, host, pid, startedAt: new Date(now - 120_000), heartbeatAt: new Date(now - ageMs) },
      });
      return id;
    };
    const otherHost = uniqueName("build-host");
    const lapsed = await instance(`${otherHost}/601/${now - 120_000}`, otherHost, 601, 31_000);
    const live = await instance(`${otherHost}-b/602/${now - 120_000}`, `${otherHost}-b`, 602, 5_000);
    // This host's name and a pid that no longer runs here: a host of the same name elsewhere. It beats, so it lives.
    const liveSameName = await instance(`${os.hostname()}/${dead}/${now - 120_000}`, os.hostname(), dead, 5_000);
    const rows = {
      lapsed: await runningRow(lapsed),
      live: await runningRow(live),
      liveSameName: await runningRow(liveSameName),
    };
    try {
      const lapsedDetail = await clients.viewer.json<BuildDetail>(`/api/builds/${rows.lapsed.id}`);
      assert.equal(lapsedDetail.outcome, "failed");
      assert.ok(lapsedDetail.error?.startsWith(BUILD_INTERRUPTED_ERROR), lapsedDetail.error ?? "");
      assert.match(lapsedDetail.error!, new RegExp(`instance 601 on ${otherHost} stopped beating at .*noticed by`));
      for (const key of ["live", "liveSameName"] as const) {
        assert.equal((await clients.viewer.json<BuildDetail>(`/api/builds/${rows[key].id}`)).outcome, "running", key);
      }
    } finally {
      await getDb().build.deleteMany({ where: { id: { in: [rows.live.id, rows.liveSameName.id] } } });
      await getDb().dashboardInstance.deleteMany({ where: { id: { in: [lapsed, live, liveSameName] } } });
    }
  });

  test("an uploaded context kept by another instance cannot be rebuilt here: a 409 naming that instance and what to do", async () => {
    const host = uniqueName("keeper");
    const keeper = `${host}/700/${Date.now()}`;
    await getDb().dashboardInstance.create({
      data: { id: keeper, host, pid: 700, startedAt: new Date(), heartbeatAt: new Date(), address: "http://10.0.0.2:3000" },
    });
    const row = await runningRow(keeper, { source: "upload", contextKeptBy: keeper });
    await getDb().build.update({ where: { id: row.id }, data: { outcome: "succeeded", finishedAt: new Date() } });
    try {
      assert.equal((await clients.viewer.json<BuildDetail>(`/api/builds/${row.id}`)).rebuildable, false);
      const refused = await clients.operator.fetch(`/api/builds/${row.id}/rebuild`, { method: "POST" });
      assert.equal(refused.status, 409);
      const body = (await refused.json()) as { code: string; error: string };
      assert.equal(body.code, "conflict:build");
      assert.ok(body.error.includes(`dashboard instance that ran it (${keeper}, at http://10.0.0.2:3000)`), body.error);
      assert.match(body.error, /instances do not share kept contexts\. Upload the context again/);
    } finally {
      await getDb().dashboardInstance.deleteMany({ where: { id: keeper } });
    }
  });

  test("a row left running by a server process that died is completed as failed when read", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const row = await getDb().build.create({
      data: {
        actor: "someone",
        engine: "unix:///var/run/docker.sock",
        outcome: "running",
        source: "typed",
        dockerfilePath: "Dockerfile",
        options: JSON.stringify({ tags: [], buildArgs: {}, labels: {}, nocache: false, pull: false }),
        compareKey: `untagged:typed:${run}`,
        command: "docker build .",
        serverProcess: `${os.hostname()}/${dead}/${Date.now() - 60_000}`,
      },
    });
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${row.id}`);
    assert.equal(detail.outcome, "failed");
    assert.ok(detail.error?.startsWith(BUILD_INTERRUPTED_ERROR), detail.error ?? "");
    assert.match(detail.error!, new RegExp(`process ${dead} on ${os.hostname()} is gone`));
    assert.ok(detail.finishedAt);
  });

  test("unknown IDs and cursors: 404 and 400 with a message", async () => {
    const missing = await clients.viewer.fetch("/api/builds/no-such-build");
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, "not_found:build");
    const missingLog = await clients.viewer.fetch("/api/builds/no-such-build/log");
    assert.equal(missingLog.status, 404);
    const cursor = await clients.viewer.fetch("/api/builds?cursor=clnosuchbuild0000000000");
    assert.equal(cursor.status, 400);
    assert.match(((await cursor.json()) as { error: string }).error, /nextCursor/);
    const outcome = await clients.viewer.fetch("/api/builds?outcome=maybe");
    assert.equal(outcome.status, 400);
  });
});
