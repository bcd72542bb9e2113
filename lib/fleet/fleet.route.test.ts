import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { docker, eventually, uniqueName } from "@/lib/testing/docker-cli";
import { prepareRouteTests } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { startPrivateEngine, type PrivateEngine } from "@/lib/testing/engines";
import type { CopiedImage, FleetImages } from "@/lib/fleet/types";

prepareRouteTests();

type Line = Record<string, unknown> & { status?: string; id?: string; progressDetail?: { current?: number; total?: number } };

/** `docker save REF | wc -c` on the harness's engine: the bytes a copy must move. */
function savedBytes(reference: string): number {
  return Number(execFileSync("bash", ["-c", 'docker save "$1" | wc -c', "save", reference], { encoding: "utf8", env: process.env }).trim());
}

/** The docker CLI against another engine. */
function dockerOn(host: string, ...args: string[]): string {
  return execFileSync("docker", ["-H", host, ...args], { encoding: "utf8", env: process.env }).trim();
}

function imageId(reference: string): string {
  return docker("image", "inspect", "--format", "{{.Id}}", reference);
}

describe("fleet view and copying images between engines", () => {
  const clients = signInEveryRole();
  const run = uniqueName("fleet");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-"));
  let edge: PrivateEngine;
  let edgeId = "";
  const edgeName = `edge-${run}`;

  before(async () => {
    edge = startPrivateEngine(path.join(work, "edge"));
    const created = await clients.admin.json<{ id: string }>(
      "/api/engines",
      { method: "POST", body: JSON.stringify({ name: edgeName, host: edge.host }) },
      201,
    );
    edgeId = created.id;
  });
  after(async () => {
    if (edgeId) await clients.admin.fetch(`/api/engines/${edgeId}`, { method: "DELETE" });
    edge?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  // The memory check (a 150 MB image, RSS flat) is in copy.integration.test.ts.
  test("copy streams the bytes copied of the image's size; the ID on the target equals the source's; bytes equal docker save's", async () => {
    const reference = "seed/fat:1";
    const sourceId = imageId(reference);
    const size = Number(docker("image", "inspect", "--format", "{{.Size}}", reference));
    const response = await clients.operator.fetch(`/api/images/${encodeURIComponent(reference)}/copy?engine=default`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify({ to: edgeId }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const text = await response.text();
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Line);
    const copying = lines.filter((line) => line.status === "Copying");
    assert.ok(copying.length >= 1, text.slice(0, 500));
    assert.ok(
      copying.every((line) => line.progressDetail?.total === Math.max(size, line.progressDetail?.current ?? 0)),
      "each progress line counts against the image's size",
    );
    const counts = copying.map((line) => line.progressDetail!.current!);
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
      "bytes copied only grow",
    );
    assert.ok(
      lines.some((line) => line.status === "Copied"),
      "the bar ends done",
    );
    const result = (lines.at(-1) as { result: CopiedImage }).result;
    assert.equal(result.id, sourceId);
    assert.equal(result.to, edgeId);
    assert.equal(
      dockerOn(edge.host, "image", "inspect", "--format", "{{.Id}}", reference),
      sourceId,
      "the target holds the same image ID, tag included",
    );
    assert.equal(result.bytes, savedBytes(reference), "the bytes moved are docker save's archive, to the byte");
    assert.deepEqual(result.loaded, [reference]);
  });

  test("the audit row names the source engine and the pipe's docker line", async () => {
    const page = await clients.admin.json<{
      entries: { action: string; engine: string; command: string; outcome: string; actor: string; params: Record<string, unknown> }[];
    }>(`/api/audit?action=image.copy&target=${encodeURIComponent("seed/fat:1")}`);
    const row = page.entries[0];
    assert.ok(row, "a copy row");
    assert.equal(row.command, `docker save seed/fat:1 | docker -H ${edge.host} load`);
    assert.equal(row.outcome, "succeeded");
    assert.match(row.engine, /docker\.sock/);
    assert.equal(row.params.to, edgeId);
  });

  test("without a progress stream the answer is the result as JSON; an ID copies untagged", async () => {
    const id = imageId("seed/web:1");
    const copied = await clients.operator.json<CopiedImage>(`/api/images/${encodeURIComponent(id)}/copy`, {
      method: "POST",
      body: JSON.stringify({ to: edgeId }),
    });
    assert.equal(copied.id, id);
    assert.deepEqual(copied.loaded, [id]);
    assert.equal(dockerOn(edge.host, "image", "inspect", "--format", "{{json .RepoTags}}", id), "[]");
  });

  test("the fleet lists both engines for a shared image, one for an image only one holds, and stale tags", async () => {
    // On the edge engine seed/web:2 names seed/web:1's image: the default engine's seed/web:2 is stale there.
    dockerOn(edge.host, "tag", imageId("seed/web:1"), "seed/web:2");
    const fleet = await clients.viewer.json<FleetImages>("/api/fleet/images");
    assert.deepEqual(
      fleet.engines.map((engine) => [engine.id, engine.state]),
      [
        ["default", "up"],
        [edgeId, "up"],
      ],
    );
    const byId = (id: string) => fleet.images.find((image) => image.id === id)!;
    const fat = byId(imageId("seed/fat:1"));
    assert.deepEqual(fat.engines.map((holder) => holder.id).sort(), ["default", edgeId].sort());
    assert.equal(fat.engines.find((holder) => holder.id === edgeId)!.size, fat.engines.find((holder) => holder.id === "default")!.size);
    const entry = byId(imageId("seed/entry:1"));
    assert.deepEqual(
      entry.engines.map((holder) => holder.id),
      ["default"],
    );
    const web2 = byId(imageId("seed/web:2"));
    assert.deepEqual(web2.stale, [{ engine: edgeId, engineName: edgeName, tag: "seed/web:2", imageId: imageId("seed/web:1") }]);
    assert.deepEqual(
      byId(imageId("seed/web:1")).engines.find((holder) => holder.id === edgeId)?.repoTags,
      ["seed/web:2"],
      "tags are per engine",
    );

    const filtered = await clients.viewer.json<FleetImages>("/api/fleet/images?q=seed/fat");
    assert.deepEqual(
      filtered.images.map((image) => image.id),
      [imageId("seed/fat:1")],
    );
  });

  test("a container on one engine counts where it runs", async () => {
    const name = `${run}-c`;
    docker("create", "--name", name, "--network", "none", "seed/web:1");
    try {
      // The engine's event stream tells the server of the new container a moment later.
      await eventually(async () => {
        const fleet = await clients.viewer.json<FleetImages>("/api/fleet/images");
        const web = fleet.images.find((image) => image.id === imageId("seed/web:1"));
        assert.ok(web, "seed/web:1 is listed");
        assert.ok(web.engines.find((holder) => holder.id === "default")!.containers >= 1);
        assert.equal(web.engines.find((holder) => holder.id === edgeId)!.containers, 0);
      });
    } finally {
      docker("rm", "-f", name);
    }
  });

  test("refusals: viewer 403, same engine 400, unknown engine 404, missing image 404, bad body 400", async () => {
    const post = (client: typeof clients.admin, path: string, body: unknown) =>
      client.fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal((await post(clients.viewer, "/api/images/seed%2Fweb%3A1/copy", { to: edgeId })).status, 403);
    const same = await post(clients.operator, `/api/images/seed%2Fweb%3A1/copy?engine=${edgeId}`, { to: edgeId });
    assert.equal(same.status, 400);
    assert.match(((await same.json()) as { error: string }).error, /already on engine/);
    const unknown = await post(clients.operator, "/api/images/seed%2Fweb%3A1/copy", { to: "no-such-engine" });
    assert.equal(unknown.status, 404);
    const missing = await post(clients.operator, `/api/images/${run}%3A1/copy`, { to: edgeId });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: string }).error, new RegExp(run));
    assert.equal((await post(clients.operator, "/api/images/seed%2Fweb%3A1/copy", {})).status, 400);
  });

  test("a target that is down: 503 naming it, and the fleet lists it as down without waiting", async () => {
    edge.stop();
    const response = await clients.operator.fetch("/api/images/seed%2Fweb%3A1/copy", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: edgeId }),
    });
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: string };
    assert.ok(body.error.includes(edgeName) || body.error.includes(edge.host), body.error);

    const started = Date.now();
    const fleet = await clients.viewer.json<FleetImages>("/api/fleet/images");
    const elapsed = Date.now() - started;
    const down = fleet.engines.find((engine) => engine.id === edgeId)!;
    assert.equal(down.state, "down");
    assert.match(down.error ?? "", /not reachable|did not answer/);
    assert.ok(elapsed < 2_500, `the fleet answered in ${elapsed} ms`);
    assert.ok(fleet.images.length > 0, "the default engine's images are still listed");
    assert.ok(fleet.images.every((image) => image.engines.every((holder) => holder.id !== edgeId)));
  });
});
