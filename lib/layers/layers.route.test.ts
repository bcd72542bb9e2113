import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, routeClient, signInRoute } from "@/lib/testing/route-client";
import type { ImageComparison, LayerAnalysis, LayerDirectoryListing } from "@/lib/layers/types";

prepareRouteTests();

const MiB = 1024 * 1024;
const FAT = encodeURIComponent("seed/fat:1");

describe("layer explorer over HTTP", () => {
  let admin: DashboardClient;
  const cleanup: string[] = [];

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(() => {
    if (cleanup.length > 0) docker("rmi", "-f", ...cleanup);
  });

  test("seed/fat:1: 50 MiB wasted, written by the dd step, hidden by the rm step, efficiency under 5%", async () => {
    const analysis = await admin.json<LayerAnalysis>(`/api/images/${FAT}/analysis`);
    assert.equal(analysis.imageId, docker("image", "inspect", "--format", "{{.Id}}", "seed/fat:1"));
    assert.equal(analysis.wastedBytes, 50 * MiB);
    assert.ok(analysis.efficiency < 0.05, `efficiency ${analysis.efficiency}`);
    assert.equal(analysis.baseLayers, 1);
    assert.deepEqual(analysis.baseImage?.repoTags, ["local/busybox:1"]);
    assert.equal(analysis.userWastedBytes, 50 * MiB);
    assert.ok(analysis.userWastedPercent > 0.9 && analysis.userWastedPercent <= 1);
    assert.equal(analysis.wasteCount, 1);
    const [waste] = analysis.waste;
    assert.deepEqual(
      { path: waste!.path, bytes: waste!.bytes, reason: waste!.reason },
      { path: "/data/big.bin", bytes: 50 * MiB, reason: "deleted" },
    );
    const writer = analysis.layers[waste!.writtenBy]!;
    const hider = analysis.layers[waste!.hiddenBy]!;
    assert.match(writer.instruction ?? "", /^RUN dd if=\/dev\/zero of=\/data\/big\.bin/);
    assert.match(hider.instruction ?? "", /^RUN rm \/data\/big\.bin/);
    assert.equal(writer.wastedBytes, 50 * MiB);
    assert.deepEqual(hider.files, { added: 0, changed: 0, deleted: 1 });
    assert.equal(typeof writer.stepIndex, "number");
    assert.equal(analysis.advice[0]!.rule, "delete-in-same-step");
    assert.deepEqual(analysis.advice[0]!.layers, [waste!.writtenBy, waste!.hiddenBy]);
    assert.deepEqual(analysis.advice[0]!.steps, [writer.stepIndex, hider.stepIndex]);
    assert.equal(analysis.ci, undefined);
  });

  test("dive's CI rules in the query add {ci: {pass, failures}}; bad values are 400s", async () => {
    const failing = await admin.json<LayerAnalysis>(`/api/images/${FAT}/analysis?lowestEfficiency=0.9&highestWastedBytes=20MB`);
    assert.equal(failing.ci?.pass, false);
    assert.deepEqual(failing.ci?.failures.map((failure) => failure.rule).sort(), [
      "highestUserWastedPercent",
      "highestWastedBytes",
      "lowestEfficiency",
    ]);
    const passing = await admin.json<LayerAnalysis>(
      `/api/images/${FAT}/analysis?lowestEfficiency=disabled&highestUserWastedPercent=disabled&highestWastedBytes=60MiB`,
    );
    assert.deepEqual({ pass: passing.ci?.pass, failures: passing.ci?.failures }, { pass: true, failures: [] });
    const bad = await admin.json<{ code: string; error: string }>(`/api/images/${FAT}/analysis?lowestEfficiency=2`, {}, 400);
    assert.match(bad.error, /0-1/);
    await admin.json(`/api/images/${FAT}/analysis?highestWastedBytes=lots`, {}, 400);
  });

  test("with Accept: application/x-ndjson a first analysis streams progress lines, then the result", async () => {
    const tag = uniqueName("it-layers-stream");
    buildImage(tag, "FROM local/busybox:1\nRUN dd if=/dev/urandom of=/blob bs=1k count=256\n");
    cleanup.push(tag);
    const response = await admin.fetch(`/api/images/${encodeURIComponent(tag)}/analysis`, { headers: { accept: "application/x-ndjson" } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((line) => line.type === "progress");
    assert.ok(progress.length >= 2, JSON.stringify(lines.slice(0, 3)));
    assert.equal(progress.at(-1)!.phase, "done");
    assert.ok(progress.some((line) => line.phase === "computing"));
    const last = lines.at(-1) as { result?: LayerAnalysis };
    assert.equal(last.result?.layers.length, 2);
    assert.equal(last.result?.layers[1]!.size, 256 * 1024);
    // Stored: the same request now answers the result line alone.
    const again = await admin.fetch(`/api/images/${encodeURIComponent(tag)}/analysis`, { headers: { accept: "application/x-ndjson" } });
    const againLines = (await again.text()).trim().split("\n");
    assert.equal(againLines.length, 1);
    assert.equal((JSON.parse(againLines[0]!) as { result: LayerAnalysis }).result.imageId, last.result!.imageId);
  });

  test("bad refs, indexes and paths are 400s; unknown images 404; anonymous 401", async () => {
    await admin.json(`/api/images/${encodeURIComponent("Bad Ref!")}/analysis`, {}, 400);
    const unknown = await admin.json<{ code: string }>(`/api/images/${encodeURIComponent("no-such/image:1")}/analysis`, {}, 404);
    assert.equal(unknown.code, "not_found:image");
    await admin.json(`/api/images/${FAT}/layers/x/files`, {}, 400);
    const outOfRange = await admin.json<{ code: string; error: string }>(`/api/images/${FAT}/layers/9/files`, {}, 400);
    assert.equal(outOfRange.code, "bad_request:layer");
    await admin.json(`/api/images/${FAT}/layers/0/files?path=etc`, {}, 400);
    await admin.json(`/api/images/${FAT}/layers/0/files?path=/etc/../bin`, {}, 400);
    await admin.json(`/api/images/${FAT}/layers/0/files?view=sideways`, {}, 400);
    await admin.json(`/api/images/${FAT}/layers/0/file`, {}, 400);
    const missingDir = await admin.json<{ code: string }>(`/api/images/${FAT}/layers/0/files?path=/no/such/dir&view=union`, {}, 404);
    assert.equal(missingDir.code, "not_found:path");
    assert.equal((await routeClient().fetch(`/api/images/${FAT}/analysis`)).status, 401);
  });

  test("directory listings: a layer's own view with its marks, and what a container sees at a layer", async () => {
    const analysis = await admin.json<LayerAnalysis>(`/api/images/${FAT}/analysis`);
    const [waste] = analysis.waste;
    const written = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/${waste!.writtenBy}/files?path=/data`);
    assert.deepEqual(
      written.entries.map((entry) => [entry.name, entry.type, entry.size, entry.change]),
      [["big.bin", "file", 50 * MiB, "added"]],
    );
    const deleted = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/${waste!.hiddenBy}/files?path=/data&view=layer`);
    assert.deepEqual(
      deleted.entries.map((entry) => [entry.name, entry.change]),
      [["big.bin", "deleted"]],
    );
    const seenBefore = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/${waste!.writtenBy}/files?path=/data&view=union`);
    assert.deepEqual(
      seenBefore.entries.map((entry) => entry.name),
      ["big.bin"],
    );
    const seenAfter = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/${waste!.hiddenBy}/files?path=/data&view=union`);
    // The union view shows the deletion at the layer that made it, struck out, and nothing else.
    assert.deepEqual(
      seenAfter.entries.map((entry) => [entry.name, entry.change]),
      [["big.bin", "deleted"]],
    );
    const root = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/${analysis.layers.length - 1}/files?view=union`);
    const names = root.entries.map((entry) => entry.name);
    for (const name of ["bin", "data", "etc", "tmp"]) assert.ok(names.includes(name), names.join(","));
    assert.ok(root.entries.every((entry) => entry.change === null));
    const bin = await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/0/files?path=/bin&limit=10&offset=5`);
    assert.equal(bin.entries.length, 10);
    assert.equal(bin.offset, 5);
    assert.equal(bin.nextOffset, 15);
    assert.ok(bin.total > 100);
    assert.ok(bin.entries.every((entry) => entry.change === "added"));
    const sh = (await admin.json<LayerDirectoryListing>(`/api/images/${FAT}/layers/0/files?path=/bin&limit=10000`)).entries.find(
      (entry) => entry.name === "sh",
    );
    assert.deepEqual([sh?.type, sh?.linkTarget], ["symlink", "busybox"]);
  });

  test("a file's bytes from the layer that stores it; 404 from a layer that does not; 400 for a directory", async () => {
    const web = encodeURIComponent("seed/web:1");
    await admin.json(`/api/images/${web}/analysis`);
    const response = await admin.fetch(`/api/images/${web}/layers/2/file?path=/www/version`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    assert.equal(response.headers.get("content-length"), "3");
    assert.match(response.headers.get("content-disposition") ?? "", /filename="version"/);
    assert.equal(await response.text(), "v1\n");
    const index = await admin.fetch(`/api/images/${web}/layers/1/file?path=/www/index.html`);
    assert.equal(await index.text(), "<h1>shared</h1>\n");
    const passwd = await admin.fetch(`/api/images/${FAT}/layers/0/file?path=/etc/passwd`);
    assert.equal(await passwd.text(), "root:x:0:0:root:/root:/bin/sh\n");
    const elsewhere = await admin.json<{ code: string }>(`/api/images/${web}/layers/1/file?path=/www/version`, {}, 404);
    assert.equal(elsewhere.code, "not_found:path");
    await admin.json(`/api/images/${web}/layers/1/file?path=/www`, {}, 400);
  });

  test("compare: what a rebuild changed, by content hash", async () => {
    const comparison = await admin.json<ImageComparison>(
      `/api/images/compare?a=${encodeURIComponent("seed/web:1")}&b=${encodeURIComponent("seed/web:2")}`,
    );
    assert.deepEqual(comparison.changed, [{ path: "/www/version", sizeA: 3, sizeB: 23, type: "file" }]);
    assert.deepEqual([comparison.added, comparison.removed], [[], []]);
    assert.deepEqual(comparison.b.repoTags.sort(), ["seed/web:2", "seed/web:latest"]);
    const same = await admin.json<ImageComparison>(`/api/images/compare?a=${FAT}&b=${FAT}`);
    assert.deepEqual([same.added, same.removed, same.changed], [[], [], []]);
    await admin.json(`/api/images/compare?a=${FAT}`, {}, 400);
    await admin.json(`/api/images/compare?a=${FAT}&b=no-such%2Fimage%3A2`, {}, 404);
  });
});
