import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { layerEntry as e } from "@/lib/layers/analysis/synthetic-archive";
import { diffLayers, listLayerDirectory, listUnionDirectory, UnionFs, unionAt } from "@/lib/layers/analysis/union";

const base = [
  e.dir("/etc"),
  e.file("/etc/os-release", "busybox"),
  e.dir("/bin"),
  e.file("/bin/busybox", 2000, { mode: 0o755 }),
  e.symlink("/bin/sh", "busybox"),
];

function marksOf(diff: { changes: { path: string; change: string | null }[] }) {
  return Object.fromEntries(diff.changes.map((change) => [change.path, change.change]));
}

describe("UnionFs: added, changed, deleted", () => {
  test("a new path is added; a rewrite with other content is changed; an identical rewrite is no change", () => {
    const diffs = diffLayers([
      base,
      [e.dir("/etc"), e.file("/etc/os-release", "busybox"), e.file("/etc/hostname", "box"), e.file("/bin/busybox", 2001, { mode: 0o755 })],
    ]);
    assert.deepEqual(marksOf(diffs[1]!), {
      "/bin/busybox": "changed",
      "/etc": null,
      "/etc/hostname": "added",
      "/etc/os-release": null,
    });
    assert.deepEqual(diffs[1]!.changes.find((change) => change.path === "/bin/busybox")!.fields, ["content"]);
    assert.deepEqual(diffs[1]!.counts, { added: 1, changed: 1, deleted: 0 });
    assert.equal(diffs[1]!.storedBytes, 7 + 3 + 2001);
  });

  test("chmod/chown rewrite the file: same content, changed metadata", () => {
    const diffs = diffLayers([base, [e.file("/etc/os-release", "busybox", { mode: 0o600, uid: 1000 })]]);
    const change = diffs[1]!.changes[0]!;
    assert.equal(change.change, "changed");
    assert.deepEqual(change.fields, ["mode", "owner"]);
    // The old copy is now invisible, and the replacement has the same bytes.
    assert.deepEqual(
      diffs[1]!.hidden.map((hidden) => [hidden.version.path, hidden.version.layer, hidden.reason, hidden.sameContent]),
      [["/etc/os-release", 0, "overwritten", true]],
    );
  });

  test("a symlink pointed elsewhere is changed", () => {
    const diffs = diffLayers([base, [e.symlink("/bin/sh", "/bin/bash")]]);
    assert.deepEqual(diffs[1]!.changes[0]!.fields, ["linkTarget"]);
  });

  test("a whiteout deletes a file; the version it hid is recorded", () => {
    const union = new UnionFs();
    union.apply(base);
    const diff = union.apply([e.whiteout("/etc/os-release")]);
    assert.equal(union.lookup("/etc/os-release"), null);
    assert.deepEqual(diff.changes, [{ path: "/etc/os-release", change: "deleted", type: "file", size: 7, fields: [] }]);
    assert.equal(diff.hidden[0]!.reason, "deleted");
    assert.equal(diff.hidden[0]!.hiddenBy, 1);
  });

  test("a whiteout of a directory removes the whole subtree", () => {
    const union = new UnionFs();
    union.apply(base);
    const diff = union.apply([e.whiteout("/bin")]);
    assert.equal(union.lookup("/bin/busybox"), null);
    assert.equal(diff.changes[0]!.size, 2000);
    assert.deepEqual(
      diff.hidden.map((hidden) => hidden.version.path),
      ["/bin/busybox"],
    );
  });

  test("a whiteout of a path that does not exist changes nothing", () => {
    const diffs = diffLayers([base, [e.whiteout("/nope")]]);
    assert.deepEqual(diffs[1]!.changes, []);
  });
});

describe("UnionFs: opaque directories", () => {
  const lower = [e.dir("/app"), e.file("/app/a.js", "a"), e.dir("/app/lib"), e.file("/app/lib/x.js", "x"), e.file("/app/keep.js", "k")];

  test("hide everything the lower layers had there; the layer's own entries stay", () => {
    const union = new UnionFs();
    union.apply(lower);
    const diff = union.apply([e.dir("/app"), e.opaque("/app"), e.file("/app/a.js", "a2"), e.file("/app/new.js", "n")]);
    assert.deepEqual(
      union.list("/app")!.map((entry) => entry.path),
      ["/app/a.js", "/app/new.js"],
    );
    assert.deepEqual(marksOf(diff), {
      "/app": null,
      "/app/a.js": "changed",
      "/app/keep.js": "deleted",
      "/app/lib": "deleted",
      "/app/new.js": "added",
    });
    assert.deepEqual(diff.hidden.map((hidden) => [hidden.version.path, hidden.reason]).sort(), [
      ["/app/a.js", "opaque"],
      ["/app/keep.js", "opaque"],
      ["/app/lib/x.js", "opaque"],
    ]);
  });

  test("an opaque marker is applied before the layer's entries whatever the tar order", () => {
    const union = unionAt([lower, [e.file("/app/late.js", "l"), e.opaque("/app")]], 1);
    assert.deepEqual(
      union.list("/app")!.map((entry) => entry.path),
      ["/app/late.js"],
    );
  });
});

describe("UnionFs: replacements, implicit parents, hard links", () => {
  test("a file over a directory replaces the whole subtree", () => {
    const union = new UnionFs();
    union.apply(base);
    const diff = union.apply([e.file("/bin", "not a dir")]);
    assert.equal(union.lookup("/bin/busybox"), null);
    assert.equal(union.lookup("/bin")!.type, "file");
    assert.deepEqual(diff.changes[0]!.fields, ["type"]);
    assert.equal(diff.hidden[0]!.reason, "overwritten");
  });

  test("a path under a missing parent creates implicit directories; a file in the way is replaced", () => {
    const union = new UnionFs();
    union.apply([e.file("/opt", "x")]);
    union.apply([e.file("/opt/tool/bin/run", "r")]);
    assert.deepEqual(
      [...union.walk()].map((entry) => [entry.path, entry.type, entry.implicit]),
      [
        ["/opt", "dir", true],
        ["/opt/tool", "dir", true],
        ["/opt/tool/bin", "dir", true],
        ["/opt/tool/bin/run", "file", false],
      ],
    );
  });

  test("a hard link keeps the content visible after the original path is deleted", () => {
    const union = new UnionFs();
    union.apply([e.file("/a", 500), e.hardlink("/b", "/a")]);
    assert.equal(union.lookup("/b")!.size, 500);
    assert.equal(union.lookup("/b")!.hash, union.lookup("/a")!.hash);
    const first = union.apply([e.whiteout("/a")]);
    assert.deepEqual(first.hidden, [], "still reachable through /b");
    const second = union.apply([e.whiteout("/b")]);
    assert.equal(second.hidden.length, 1);
    assert.equal(second.hidden[0]!.version.path, "/a");
  });

  test("a hard link stores no bytes of its own", () => {
    assert.equal(diffLayers([[e.file("/a", 500), e.hardlink("/b", "/a")]])[0]!.storedBytes, 500);
  });

  test("a path written twice in one layer: the later entry wins, the first copy is hidden by the same layer", () => {
    const union = new UnionFs();
    const diff = union.apply([e.file("/x", "one"), e.file("/x", "two!")]);
    assert.equal(union.lookup("/x")!.size, 4);
    assert.deepEqual(
      diff.hidden.map((hidden) => [hidden.version.layer, hidden.hiddenBy]),
      [[0, 0]],
    );
    assert.deepEqual(marksOf(diff), { "/x": "added" });
  });
});

describe("directory listings", () => {
  const layers = [base, [e.dir("/etc"), e.whiteout("/etc/os-release"), e.file("/etc/motd", "hi"), e.file("/srv/www/index.html", "<h1>")]];
  const diffs = diffLayers(layers);

  test("union view: what a container sees, with this layer's marks and its deletions", () => {
    const rows = listUnionDirectory({ union: unionAt(layers, 1), diff: diffs[1]!, path: "/etc" })!;
    assert.deepEqual(
      rows.map((row) => [row.name, row.change]),
      [
        ["motd", "added"],
        ["os-release", "deleted"],
      ],
    );
    const atBase = listUnionDirectory({ union: unionAt(layers, 0), diff: diffs[0]!, path: "/bin" })!;
    assert.deepEqual(
      atBase.map((row) => [row.path, row.type, row.linkTarget, row.change]),
      [
        ["/bin/busybox", "file", null, "added"],
        ["/bin/sh", "symlink", "busybox", "added"],
      ],
    );
    assert.equal(listUnionDirectory({ union: unionAt(layers, 1), diff: diffs[1]!, path: "/etc/motd" }), null);
  });

  test("layer view: only the layer's own rows, implied directories included", () => {
    const root = listLayerDirectory({ entries: layers[1]!, diff: diffs[1]!, path: "/" });
    assert.deepEqual(
      root.map((row) => [row.path, row.type, row.change]),
      [
        ["/etc", "dir", null],
        ["/srv", "dir", "added"],
      ],
    );
    const etc = listLayerDirectory({ entries: layers[1]!, diff: diffs[1]!, path: "/etc" });
    assert.deepEqual(
      etc.map((row) => [row.name, row.change, row.size]),
      [
        ["motd", "added", 2],
        ["os-release", "deleted", 7],
      ],
    );
  });
});
