import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { diffLayers, listLayerDirectory, listUnionDirectory, unionAt } from "@/lib/layers/analysis/union";
import { listDirectoryAt } from "@/lib/layers/listing";
import { readLayerEntries, SqliteLayerStore } from "@/lib/layers/store";

const migrations = path.join(process.cwd(), "prisma", "migrations");
const schema = fs.readFileSync(
  path.join(
    migrations,
    fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"))!,
    "migration.sql",
  ),
  "utf8",
);

const entry = (path: string, type: LayerEntry["type"], extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  type,
  size: 0,
  mode: type === "dir" ? 0o755 : 0o644,
  uid: 0,
  gid: 0,
  linkTarget: null,
  hash: null,
  ...extra,
});
const file = (path: string, content: string, extra: Partial<LayerEntry> = {}) =>
  entry(path, "file", { size: content.length, hash: content, ...extra });

// Layers exercising what a listing must get right: implicit parents (no directory entries),
// whiteouts, an opaque directory, a directory replaced by a file and back, hard links, a rewrite.
const layers: LayerEntry[][] = [
  [
    entry("/etc", "dir"),
    file("/etc/hostname", "base"),
    file("/etc/passwd", "root"),
    file("/usr/bin/tool", "t1"),
    file("/srv/a/old", "old"),
  ],
  [file("/etc/hostname", "base", { mode: 0o600 }), entry("/etc/passwd", "whiteout"), file("/srv/a/new", "new"), file("/data/x", "xx")],
  [entry("/srv/a", "opaque"), entry("/srv/a", "dir"), file("/srv/a/fresh", "f"), entry("/data", "whiteout"), file("/usr/bin/tool", "t2")],
  [file("/data", "now a file"), file("/usr/lib/real", "lib"), entry("/usr/lib/linked", "hardlink", { linkTarget: "/usr/lib/real" })],
  [entry("/data", "whiteout"), entry("/data", "dir"), file("/data/y", "y"), entry("/usr/bin", "whiteout")],
];

describe("listDirectoryAt (from the store) agrees with the full union", () => {
  const store = SqliteLayerStore.openTemporary(schema);
  after(() => store.close());
  const layerIds: number[] = [];
  before(async () => {
    for (const entries of layers) {
      const writer = await store.openLayerWriter();
      // Batches of two, as the walk hands them over in batches.
      for (let start = 0; start < entries.length; start += 2) await writer.append(entries.slice(start, start + 2));
      await writer.finish({ diffId: `sha256:${writer.layerId}`, tarBytes: 0, entryCount: entries.length, contentBytes: 0 });
      layerIds.push(writer.layerId);
    }
  });
  const diffs = diffLayers(layers);
  const directories = ["/", "/etc", "/srv", "/srv/a", "/data", "/usr", "/usr/bin", "/usr/lib", "/nowhere"];

  for (let layer = 0; layer < layers.length; layer++) {
    test(`layer ${layer}`, async () => {
      const union = unionAt(layers, layer);
      for (const dir of directories) {
        const expectedUnion = listUnionDirectory({ union, diff: diffs[layer]!, path: dir });
        assert.deepEqual(await listDirectoryAt({ store, layerIds, layer, path: dir, view: "union" }), expectedUnion, `union ${dir}`);
        const expectedLayer = listLayerDirectory({ entries: layers[layer]!, diff: diffs[layer]!, path: dir });
        const listed = await listDirectoryAt({ store, layerIds, layer, path: dir, view: "layer" });
        const deletedHere = diffs[layer]!.changes.some((change) => change.path === dir && change.change === "deleted");
        if (expectedUnion === null && expectedLayer.length === 0 && !deletedHere) assert.equal(listed, null, `layer ${dir}`);
        else assert.deepEqual(listed, expectedLayer, `layer ${dir}`);
      }
    });
  }

  test("implicit parents are stored apart and never fed to the fold", async () => {
    const rows = await store.childrenOf(layerIds[0]!, "/");
    assert.deepEqual(
      rows
        .filter((row) => row.implicit)
        .map((row) => row.path)
        .sort(),
      ["/srv", "/usr"],
    );
    assert.ok((await readLayerEntries(store, layerIds[0]!)).every((row) => !row.implicit));
  });
});
