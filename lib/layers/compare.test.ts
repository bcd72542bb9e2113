import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { UnionFs } from "@/lib/layers/analysis/union";
import { compareUnions, compareWalkOrder } from "@/lib/layers/compare";

const file = (path: string, hash: string, size = hash.length): LayerEntry => ({
  path,
  type: "file",
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  linkTarget: null,
  hash,
});
const dir = (path: string): LayerEntry => ({ path, type: "dir", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: null });
const link = (path: string, target: string): LayerEntry => ({
  path,
  type: "symlink",
  size: 0,
  mode: 0o777,
  uid: 0,
  gid: 0,
  linkTarget: target,
  hash: null,
});

function unionOf(...layers: LayerEntry[][]): UnionFs {
  const union = new UnionFs();
  for (const layer of layers) union.apply(layer);
  return union;
}

describe("compareUnions", () => {
  test("added, removed and changed by content, type and link target; mode alone is no change", () => {
    const a = unionOf([dir("/www"), file("/www/index.html", "aa"), file("/www/version", "v1"), link("/cur", "/www"), file("/gone", "x")]);
    const b = unionOf([
      dir("/www"),
      { ...file("/www/index.html", "aa"), mode: 0o600 },
      file("/www/version", "v2-longer"),
      link("/cur", "/srv"),
      dir("/www-new"),
      file("/www-new/a", "1"),
    ]);
    const result = compareUnions(a, b);
    assert.deepEqual(result.added, [
      { path: "/www-new", sizeA: null, sizeB: 0, type: "dir" },
      { path: "/www-new/a", sizeA: null, sizeB: 1, type: "file" },
    ]);
    assert.deepEqual(result.removed, [{ path: "/gone", sizeA: 1, sizeB: null, type: "file" }]);
    assert.deepEqual(result.changed, [
      { path: "/cur", sizeA: 0, sizeB: 0, type: "symlink" },
      { path: "/www/version", sizeA: 2, sizeB: 9, type: "file" },
    ]);
  });

  test("the merge order is the walk's: a directory's children before a sibling that sorts after its name", () => {
    assert.ok(compareWalkOrder("/a/x", "/a-b") < 0);
    assert.ok(compareWalkOrder("/a", "/a/x") < 0);
    const a = unionOf([dir("/a"), file("/a/x", "1"), file("/a-b", "2")]);
    const b = unionOf([dir("/a"), file("/a/x", "1"), file("/a-b", "2")]);
    assert.deepEqual(compareUnions(a, b), { added: [], removed: [], changed: [] });
  });
});
