import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { analysisCounters } from "@/lib/layers/actions";
import { openLayerStore } from "@/lib/layers/store";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, routeClient, signInRoute } from "@/lib/testing/route-client";
import type { ImageComparison, LayerAnalysis, LayerDirectoryListing } from "@/lib/layers/types";

const { dataDir } = prepareRouteTests();

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

  test("the index is in the dashboard's database: another connection reads the layers, and the data folder holds no store file", async () => {
    const analysis = await admin.json<LayerAnalysis>(`/api/images/${FAT}/analysis`);
    const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
    // What another instance on the same database opens: its own connection, nothing of this process.
    const other = openLayerStore(process.env.DATABASE_URL!);
    try {
      assert.equal(other.kind, onPostgres ? "postgresql" : "sqlite");
      assert.ok(await other.getAnalysis(analysis.imageId), "the analysis is stored");
      const writer = analysis.layers[analysis.waste[0]!.writtenBy]!;
      const stored = await other.storedLayer(writer.diffId);
      assert.ok(stored, "the dd step's layer is stored");
      assert.deepEqual(
        (await other.entriesAt(stored.id, "/data/big.bin")).map((entry) => [entry.type, entry.size]),
        [["file", 50 * MiB]],
      );
      for (const layer of analysis.layers) assert.ok(await other.storedLayer(layer.diffId), `layer ${layer.index} is stored`);
    } finally {
      await other.close();
    }
    const files = fs.readdirSync(dataDir);
    assert.ok(!files.some((name) => name.startsWith("layer-store")), `no per-instance store file: ${files.join(", ")}`);
    if (onPostgres) assert.ok(!files.some((name) => name.endsWith(".db")), `no SQLite file at all on PostgreSQL: ${files.join(", ")}`);
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

  test("compare two layers: of one image (what a step changed) and of two images; bad layer 400, unknown image 404", async () => {
    // seed/fat:1: layer 1 makes /data, layer 2 writes /data/big.bin, layer 3 deletes it.
    const step = await admin.json<ImageComparison>(`/api/images/compare?a=${FAT}&aLayer=1&b=${FAT}&bLayer=2`);
    assert.deepEqual(step.added, [{ path: "/data/big.bin", sizeA: null, sizeB: 50 * MiB, type: "file" }]);
    assert.deepEqual([step.removed, step.changed], [[], []]);
    assert.deepEqual([step.a.layer, step.a.top, step.b.layer, step.b.top], [1, false, 2, false]);
    assert.equal(step.a.layers.length, 4);
    assert.match(step.b.layers[2]!.instruction ?? "", /^RUN dd /);
    assert.equal(step.b.layers[2]!.size, 50 * MiB);
    // Layer 2 against the top: the file is gone (a whiteout hides it); the reverse adds nothing back.
    const hidden = await admin.json<ImageComparison>(`/api/images/compare?a=${FAT}&aLayer=2&b=${FAT}`);
    assert.deepEqual(hidden.removed, [{ path: "/data/big.bin", sizeA: 50 * MiB, sizeB: null, type: "file" }]);
    assert.deepEqual([hidden.b.layer, hidden.b.top], [3, true]);
    // Layer 0 of two images that share it: nothing differs; seed/web:2's top against seed/web:1's base adds /www.
    const web1 = encodeURIComponent("seed/web:1");
    const web2 = encodeURIComponent("seed/web:2");
    const bases = await admin.json<ImageComparison>(`/api/images/compare?a=${web1}&aLayer=0&b=${FAT}&bLayer=0`);
    assert.deepEqual([bases.added, bases.removed, bases.changed], [[], [], []]);
    const grown = await admin.json<ImageComparison>(`/api/images/compare?a=${web1}&aLayer=0&b=${web2}`);
    assert.ok(
      grown.added.some((entry) => entry.path === "/www/version" && entry.sizeB === 23),
      JSON.stringify(grown.added),
    );
    const outOfRange = await admin.json<{ code: string; error: string }>(`/api/images/compare?a=${FAT}&aLayer=4&b=${FAT}`, {}, 400);
    assert.equal(outOfRange.code, "bad_request:layer");
    assert.match(outOfRange.error, /0 \(the base\) to 3/);
    const notANumber = await admin.json<{ error: string }>(`/api/images/compare?a=${FAT}&b=${FAT}&bLayer=-1`, {}, 400);
    assert.match(notANumber.error, /bLayer/);
    await admin.json(`/api/images/compare?a=${FAT}&b=${FAT}&bLayer=top`, {}, 400);
    const unknown = await admin.json<{ code: string }>(`/api/images/compare?a=no-such%2Fimage%3A2&aLayer=0&b=${FAT}`, {}, 404);
    assert.equal(unknown.code, "not_found:image");
  });

  test("the base image follows the local images at request time, without parsing the image again", async () => {
    // A base with its own waste (written, then deleted inside the base), and an app built on it.
    const base = uniqueName("it-layers-base");
    const app = uniqueName("it-layers-app");
    buildImage(base, "FROM local/busybox:1\nRUN dd if=/dev/zero of=/tmp/scratch bs=1k count=512\nRUN rm /tmp/scratch\n");
    buildImage(app, `FROM ${base}\nRUN dd if=/dev/zero of=/app.bin bs=1k count=64\nRUN rm /app.bin\n`);
    cleanup.push(app);
    const baseId = docker("image", "inspect", "--format", "{{.Id}}", base);
    // The app is analysed while its base image is not local (untagged: not a base by name).
    docker("rmi", base);
    const url = `/api/images/${encodeURIComponent(app)}/analysis`;
    const before = await admin.json<LayerAnalysis>(url);
    assert.equal(before.baseLayers, 1);
    assert.deepEqual(before.baseImage?.repoTags, ["local/busybox:1"]);
    assert.equal(before.userWastedBytes, 512 * 1024 + 64 * 1024);
    assert.ok(before.advice.some((advice) => advice.rule === "delete-in-same-step" && advice.layers[0] === 1));
    // A user-waste threshold between the two answers: failed with layer 0 as the base, passed with the real one.
    const threshold = ((before.userWastedPercent + (64 * 1024) / before.totalBytes) / 2).toFixed(4);
    const gate = `${url}?highestUserWastedPercent=${threshold}&lowestEfficiency=disabled`;
    const failing = await admin.json<LayerAnalysis>(gate);
    assert.equal(failing.ci?.pass, false);

    // The base image is loaded (here: tagged again); the same request now splits the waste at it.
    const runs = analysisCounters.runs;
    docker("tag", baseId, `${base}:latest`);
    cleanup.push(base);
    let after = await admin.json<LayerAnalysis>(url);
    // The engine announces the tag on its event stream; the image list catches up within moments.
    for (let attempt = 0; attempt < 40 && after.baseLayers !== 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await admin.json<LayerAnalysis>(url);
    }
    assert.equal(after.baseLayers, 3);
    assert.deepEqual(after.baseImage?.repoTags, [`${base}:latest`]);
    assert.equal(after.userWastedBytes, 64 * 1024);
    assert.equal(after.userWastedPercent, (64 * 1024) / after.totalBytes);
    assert.equal(after.wastedBytes, before.wastedBytes);
    assert.deepEqual(
      after.layers.map((layer) => layer.inBase),
      [true, true, true, false, false],
    );
    // The base's own deletion is no longer the user's to fix; the app's is.
    assert.ok(!after.advice.some((advice) => advice.rule === "delete-in-same-step" && advice.layers[0] === 1));
    assert.ok(after.advice.some((advice) => advice.rule === "delete-in-same-step" && advice.layers[0] === 3));
    const passing = await admin.json<LayerAnalysis>(gate);
    assert.equal(passing.ci?.pass, true);
    assert.equal(analysisCounters.runs, runs, "answered from the stored analysis, not parsed again");

    // And back: with the base untagged again, layer 0's image is the base once more.
    docker("rmi", `${base}:latest`);
    cleanup.splice(cleanup.indexOf(base), 1);
    let again = await admin.json<LayerAnalysis>(url);
    for (let attempt = 0; attempt < 40 && again.baseLayers !== 1; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await admin.json<LayerAnalysis>(url);
    }
    assert.deepEqual(
      [again.baseLayers, again.userWastedBytes, again.advice.map((advice) => advice.rule)],
      [1, before.userWastedBytes, before.advice.map((advice) => advice.rule)],
    );
  });
});
