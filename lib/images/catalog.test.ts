import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ListedImage } from "@/lib/docker/types";
import { buildImageList, queryImages } from "@/lib/images/catalog";
import { chainIds } from "@/lib/layers/chain";

const image = (id: string, repoTags: string[], size: number, created: number): ListedImage => ({
  id,
  repoTags,
  repoDigests: [],
  created,
  size,
});

// base (100) <- web (10 + 3), base <- fat (50), and an untagged leftover on the base.
const images = [
  image("sha256:base", ["local/busybox:1"], 100, 1),
  image("sha256:web", ["seed/web:1", "seed/web:latest"], 113, 3),
  image("sha256:fat", ["seed/fat:1"], 150, 2),
  image("sha256:old", ["<none>:<none>"], 101, 0),
];
const layers = new Map([
  ["sha256:base", { imageId: "sha256:base", chainIds: chainIds(["d:base"]), layerSizes: [100] }],
  ["sha256:web", { imageId: "sha256:web", chainIds: chainIds(["d:base", "d:www", "d:v1"]), layerSizes: [100, 10, 3] }],
  ["sha256:fat", { imageId: "sha256:fat", chainIds: chainIds(["d:base", "d:big"]), layerSizes: [100, 50] }],
  ["sha256:old", { imageId: "sha256:old", chainIds: chainIds(["d:base", "d:old"]), layerSizes: [100, 1] }],
]);
const list = buildImageList({ images, layers, containerCounts: new Map([["sha256:web", 2]]) });
const byId = new Map(list.images.map((summary) => [summary.id, summary]));

describe("buildImageList", () => {
  test("summaries carry tags, shared/unique bytes, containers and the dangling flag", () => {
    const web = byId.get("sha256:web")!;
    assert.deepEqual(web.repoTags, ["seed/web:1", "seed/web:latest"]);
    assert.equal(web.sharedSize, 100);
    assert.equal(web.uniqueSize, 13);
    assert.equal(web.containers, 2);
    assert.equal(web.layerCount, 3);
    const old = byId.get("sha256:old")!;
    assert.equal(old.dangling, true);
    assert.deepEqual(old.repoTags, [], "<none>:<none> is no tag");
    assert.equal(old.created, "1970-01-01T00:00:00.000Z");
  });

  test("totals count each layer once and what pruning would free", () => {
    assert.equal(list.totals.count, 4);
    assert.equal(list.totals.totalSize, 100 + 10 + 3 + 50 + 1);
    // Unused: base, fat, old. The base layer stays (web uses it); big and old layers go.
    assert.equal(list.totals.unusedCount, 3);
    assert.equal(list.totals.unusedSize, 51);
    assert.equal(list.totals.danglingCount, 1);
    assert.equal(list.totals.danglingSize, 1);
  });

  test("images whose layers could not be read (removed meanwhile) are left out", () => {
    const partial = buildImageList({ images, layers: new Map([...layers].slice(0, 2)), containerCounts: new Map() });
    assert.equal(partial.images.length, 2);
  });
});

describe("queryImages", () => {
  test("filters", () => {
    assert.deepEqual(
      queryImages(list.images, { filter: "dangling" }).map((i) => i.id),
      ["sha256:old"],
    );
    assert.deepEqual(
      queryImages(list.images, { filter: "in-use" }).map((i) => i.id),
      ["sha256:web"],
    );
    assert.equal(queryImages(list.images, { filter: "unused" }).length, 3);
  });

  test("search matches any tag or the ID, case-insensitively", () => {
    assert.deepEqual(
      queryImages(list.images, { q: "WEB:LATEST" }).map((i) => i.id),
      ["sha256:web"],
    );
    assert.deepEqual(
      queryImages(list.images, { q: "fat" }).map((i) => i.id),
      ["sha256:fat"],
    );
  });

  test("sorts: created newest first by default, size, name with dangling last", () => {
    assert.deepEqual(
      queryImages(list.images, {}).map((i) => i.id),
      ["sha256:web", "sha256:fat", "sha256:base", "sha256:old"],
    );
    assert.deepEqual(
      queryImages(list.images, { sort: "size" }).map((i) => i.id),
      ["sha256:fat", "sha256:web", "sha256:old", "sha256:base"],
    );
    assert.deepEqual(queryImages(list.images, { sort: "size", order: "asc" })[0]!.id, "sha256:base");
    assert.deepEqual(
      queryImages(list.images, { sort: "name" }).map((i) => i.id),
      ["sha256:base", "sha256:fat", "sha256:web", "sha256:old"],
    );
    assert.deepEqual(
      queryImages(list.images, { sort: "name", order: "desc" }).map((i) => i.id),
      ["sha256:web", "sha256:fat", "sha256:base", "sha256:old"],
    );
  });
});
