import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { keptContextPath } from "@/lib/builds/kept-context";
import type { BuildCancelResult, BuildDetail, BuildResult } from "@/lib/builds/types";
import { getDb } from "@/lib/db";
import type { DashboardClient } from "@/lib/testing/http-client";
import { docker, eventually, uniqueName } from "@/lib/testing/docker-cli";
import { imagesRemovedAfterSuite } from "@/lib/testing/cleanup";
import { prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { tarOf } from "@/lib/testing/tar";

prepareRouteTests();

const containers = () => docker("ps", "-aq").split("\n").filter(Boolean);

/**
 * Starts a streamed build whose RUN sleeps 30 s and reads its NDJSON until the RUN has printed:
 * its container is running then. Answers the build's ID and the rest of the stream.
 */
async function startSleepingBuild(client: DashboardClient, tag: string, marker: string) {
  const response = await client.fetch(`/api/builds?tag=${tag}&nocache=true`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/x-ndjson" },
    body: JSON.stringify({ dockerfile: `FROM local/busybox:1\nRUN echo ${marker} && sleep 30\nRUN echo never\n` }),
  });
  assert.equal(response.status, 201);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  while (!seen.includes(`"line":"${marker}"`)) {
    const { value, done } = await reader.read();
    assert.ok(!done, `the stream ended before the RUN printed: ${seen}`);
    seen += decoder.decode(value, { stream: true });
  }
  const id = (JSON.parse(seen.split("\n")[0]!) as { type: string; id: string }).id;
  const rest = async () => {
    let text = seen;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  };
  return { id, rest };
}

describe("POST /api/builds/{id}/cancel and /rebuild", () => {
  const clients = signInEveryRole();
  const run = uniqueName("cancel");
  const images = imagesRemovedAfterSuite();

  test("cancel stops a RUN sleep 30 at once: its container is removed, the stream ends with the cancel, the row and audit say who", async () => {
    const tag = `cancel/${run}:1`;
    const before = containers().length;
    const started = Date.now();
    const build = await startSleepingBuild(clients.operator, tag, `sleeping-${run}`);
    assert.equal(containers().length, before + 1, "the RUN step's container is running");
    const answer = await clients.operator.json<BuildCancelResult>(`/api/builds/${build.id}/cancel`, { method: "POST" });
    assert.deepEqual(answer, { id: build.id, outcome: "cancelled", stopped: true });
    const lines = (await build.rest()).trim().split("\n");
    const last = JSON.parse(lines.at(-1)!) as { code: string; status: number; error: string };
    assert.equal(last.code, "conflict:build");
    assert.equal(last.status, 409);
    assert.match(last.error, /cancelled by/);
    await eventually(async () => assert.equal(containers().length, before, "the step's container is gone"), 20_000);
    assert.ok(Date.now() - started < 25_000, "stopped well before the sleep ended");
    assert.throws(() => docker("image", "inspect", tag), "nothing was tagged");
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${build.id}`);
    assert.equal(detail.outcome, "cancelled");
    assert.ok(detail.cancelledBy && detail.cancelRequestedAt);
    assert.equal(detail.steps.length, 2);
    const audit = await clients.admin.json<{ entries: { actor: string; outcome: string; params: { buildId: string } }[] }>(
      "/api/audit?action=image.build.cancel&limit=5",
    );
    const row = audit.entries.find((entry) => entry.params.buildId === build.id);
    assert.equal(row?.outcome, "succeeded");
    assert.equal(row?.actor, detail.cancelledBy);

    const again = await clients.operator.fetch(`/api/builds/${build.id}/cancel`, { method: "POST" });
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { error: string }).error, /not running/);
  });

  test("a cancel written to the row by another server process reaches the process that holds the build", async () => {
    const tag = `cancel/${run}:2`;
    const before = containers().length;
    const build = await startSleepingBuild(clients.operator, tag, `polled-${run}`);
    // What POST /api/builds/{id}/cancel does in a process that does not hold the build.
    await getDb().build.update({ where: { id: build.id }, data: { cancelRequestedAt: new Date(), cancelledBy: "elsewhere" } });
    const lines = (await build.rest()).trim().split("\n");
    assert.match(lines.at(-1)!, /cancelled by elsewhere/);
    await eventually(async () => assert.equal(containers().length, before), 20_000);
    assert.equal((await clients.viewer.json<BuildDetail>(`/api/builds/${build.id}`)).outcome, "cancelled");
  });

  test("rebuild runs a typed build, and an uploaded one from its kept archive, again as new builds (all cached); one no longer kept asks for the context", async () => {
    const tag = `cancel/${run}:rebuild`;
    images.push(tag);
    const first = (await clients.operator.json(
      `/api/builds?tag=${tag}&buildarg=V=3`,
      {
        method: "POST",
        body: JSON.stringify({
          dockerfile: "FROM local/busybox:1\nARG V\nCOPY f.txt /f.txt\nRUN echo v$V > /v\n",
          files: { "f.txt": "f\n" },
        }),
      },
      201,
    )) as BuildResult;
    const response = await clients.operator.fetch(`/api/builds/${first.id}/rebuild`, { method: "POST" });
    assert.equal(response.status, 201);
    const again = (await response.json()) as BuildResult;
    assert.notEqual(again.id, first.id);
    assert.equal(again.imageId, first.imageId);
    assert.equal(again.cacheHits, again.steps.length - 1);
    const detail = await clients.viewer.json<BuildDetail>(`/api/builds/${again.id}`);
    assert.deepEqual(detail.options.buildArgs, { V: "3" });
    assert.equal(detail.previousBuildId, first.id);
    assert.equal(docker("run", "--rm", "--network", "none", tag, "cat", "/v"), "v3");

    // An uploaded archive was kept on disk as it streamed by: rebuilt from it, all from the cache.
    const uploaded = (await (
      await clients.operator.fetch(`/api/builds?tag=${tag}-up`, {
        method: "POST",
        headers: { "content-type": "application/x-tar" },
        body: new Uint8Array(await tarOf({ Dockerfile: `FROM local/busybox:1\nCOPY u.txt /u.txt\n`, "u.txt": `${run}\n` })),
      })
    ).json()) as BuildResult;
    images.push(`${tag}-up`);
    assert.equal((await clients.viewer.json<BuildDetail>(`/api/builds/${uploaded.id}`)).rebuildable, true);
    const fromKept = await clients.operator.fetch(`/api/builds/${uploaded.id}/rebuild`, { method: "POST" });
    assert.equal(fromKept.status, 201, await fromKept.clone().text());
    const rebuilt = (await fromKept.json()) as BuildResult;
    assert.equal(rebuilt.imageId, uploaded.imageId);
    assert.equal(rebuilt.cacheHits, rebuilt.steps.length - 1);
    // One no longer kept asks for the context again.
    fs.rmSync(keptContextPath(uploaded.id));
    assert.equal((await clients.viewer.json<BuildDetail>(`/api/builds/${uploaded.id}`)).rebuildable, false);
    const refused = await clients.operator.fetch(`/api/builds/${uploaded.id}/rebuild`, { method: "POST" });
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { error: string }).error, /upload the context again/);
    const viewer = await clients.viewer.fetch(`/api/builds/${first.id}/rebuild`, { method: "POST" });
    assert.equal(viewer.status, 403);
  });
});
