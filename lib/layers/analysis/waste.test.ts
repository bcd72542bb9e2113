import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { layerEntry as e } from "@/lib/layers/analysis/synthetic-archive";
import { computeWaste, WasteFold } from "@/lib/layers/analysis/waste";

const MiB50 = 52_428_800;
const busybox = [e.dir("/bin"), e.file("/bin/busybox", 1_000_000), e.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n")];

describe("computeWaste", () => {
  test("the articles' image: 50 MiB written by the dd step, hidden by the rm step", () => {
    const analysis = computeWaste({
      layers: [busybox, [e.dir("/data")], [e.dir("/data"), e.file("/data/big.bin", MiB50)], [e.dir("/data"), e.whiteout("/data/big.bin")]],
      baseLayers: 1,
    });
    assert.equal(analysis.wastedBytes, MiB50);
    assert.equal(analysis.userWastedBytes, MiB50);
    assert.deepEqual(
      analysis.waste.map(({ path, bytes, writtenBy, hiddenBy, reason }) => ({ path, bytes, writtenBy, hiddenBy, reason })),
      [{ path: "/data/big.bin", bytes: MiB50, writtenBy: 2, hiddenBy: 3, reason: "deleted" }],
    );
    assert.equal(analysis.totalBytes, 1_000_026 + MiB50);
    assert.equal(analysis.visibleBytes, 1_000_026);
    assert.ok(analysis.efficiency < 0.05, `efficiency ${analysis.efficiency}`);
    assert.equal(analysis.userWastedPercent, MiB50 / analysis.totalBytes);
    assert.deepEqual(
      analysis.layers.map((layer) => [layer.storedBytes, layer.wastedBytes, layer.hiddenBytes]),
      [
        [1_000_026, 0, 0],
        [0, 0, 0],
        [MiB50, MiB50, 0],
        [0, 0, MiB50],
      ],
    );
    assert.deepEqual(analysis.layers[3]!.files, { added: 0, changed: 0, deleted: 1 });
  });

  test("the chained version wastes nothing and scores 1", () => {
    const analysis = computeWaste({ layers: [busybox, [e.dir("/data")]], baseLayers: 1 });
    assert.equal(analysis.wastedBytes, 0);
    assert.equal(analysis.efficiency, 1);
    assert.deepEqual(analysis.waste, []);
  });

  test("a path written three times wastes the two hidden copies, never the visible one (dive #684)", () => {
    const analysis = computeWaste({
      layers: [[e.file("/app/bundle.js", 100)], [e.file("/app/bundle.js", 200)], [e.file("/app/bundle.js", 300)]],
      baseLayers: 0,
    });
    // dive would report 600 (every copy, the visible 300 included).
    assert.equal(analysis.wastedBytes, 300);
    assert.deepEqual(
      analysis.waste.map((item) => [item.bytes, item.writtenBy, item.hiddenBy, item.reason]),
      [
        [200, 1, 2, "overwritten"],
        [100, 0, 1, "overwritten"],
      ],
    );
    assert.equal(analysis.visibleBytes, 300);
    assert.equal(analysis.efficiency, 0.5);
  });

  test("an opaque directory's hidden content is waste with reason opaque", () => {
    const analysis = computeWaste({
      layers: [
        [e.dir("/srv"), e.file("/srv/old.dat", 4096)],
        [e.dir("/srv"), e.opaque("/srv"), e.file("/srv/new.dat", 10)],
      ],
      baseLayers: 0,
    });
    assert.deepEqual(
      analysis.waste.map((item) => [item.path, item.reason, item.hiddenBy]),
      [["/srv/old.dat", "opaque", 1]],
    );
  });

  test("content still reachable through a hard link is not waste", () => {
    const analysis = computeWaste({ layers: [[e.file("/a", 800), e.hardlink("/b", "/a")], [e.whiteout("/a")]], baseLayers: 0 });
    assert.equal(analysis.wastedBytes, 0);
    assert.equal(analysis.totalBytes, 800);
  });

  test("a chmod in a later step wastes the whole file and is flagged as a metadata-only rewrite", () => {
    const analysis = computeWaste({
      layers: [busybox, [e.file("/app/tool", 5000)], [e.file("/app/tool", 5000, { mode: 0o755 })]],
      baseLayers: 1,
    });
    assert.equal(analysis.wastedBytes, 5000);
    assert.equal(analysis.waste[0]!.sameContent, true);
    assert.equal(analysis.waste[0]!.reason, "overwritten");
  });

  test("a file moved by a later step: the old copy is waste, and the new path is named", () => {
    const analysis = computeWaste({
      layers: [[e.file("/tmp/app.tar", "payload")], [e.whiteout("/tmp/app.tar"), e.file("/opt/app.tar", "payload")]],
      baseLayers: 0,
    });
    assert.equal(analysis.waste[0]!.movedTo, "/opt/app.tar");
    assert.equal(analysis.waste[0]!.reason, "deleted");
  });

  test("user waste: what layers above the base image hid, base files included; not the base's own waste", () => {
    const analysis = computeWaste({
      layers: [
        [e.file("/usr/lib/libold.so", 1000), e.file("/usr/lib/libc.so", 2000)],
        [e.whiteout("/usr/lib/libold.so")], // inside the base image (2 layers)
        [e.file("/usr/lib/libc.so", 2100)], // a user step upgrades a base file
        [e.file("/app/x", 300)],
      ],
      baseLayers: 2,
    });
    assert.equal(analysis.wastedBytes, 3000);
    assert.equal(analysis.userWastedBytes, 2000);
    assert.equal(analysis.totalBytes, 5400);
    assert.equal(analysis.userWastedPercent, 2000 / 5400);
    assert.equal(analysis.layers[0]!.wastedBytes, 3000, "wasted bytes sit in the layer that wrote them");
  });

  test("an image without files scores 1 and wastes nothing", () => {
    const analysis = computeWaste({ layers: [[e.dir("/x")]], baseLayers: 1 });
    assert.equal(analysis.efficiency, 1);
    assert.equal(analysis.userWastedPercent, 0);
  });

  test("the fold gives the same answer layer by layer", () => {
    const layers = [busybox, [e.file("/data/a", 10)], [e.whiteout("/data")]];
    const fold = new WasteFold({ baseLayers: 1 });
    const diffs = layers.map((entries) => fold.addLayer(entries));
    assert.deepEqual(fold.finish(), computeWaste({ layers, baseLayers: 1 }));
    assert.equal(diffs[2]!.counts.deleted, 1);
  });
});
