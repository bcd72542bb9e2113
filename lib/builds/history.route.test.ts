import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, test } from "node:test";
import { BUILD_INTERRUPTED_ERROR } from "@/lib/builds/history";
import { MAX_ROW_LOG_CHARS } from "@/lib/builds/log-store";
import type { BuildDetail, BuildPage, BuildResult } from "@/lib/builds/types";
import { getDb } from "@/lib/db";
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

  test("a log larger than the row keeps its end in the row and all of it in a file, served by /log", async () => {
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
    assert.equal(detail.error, BUILD_INTERRUPTED_ERROR);
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
