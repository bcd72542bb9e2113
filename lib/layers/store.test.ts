import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { LayerStore } from "@/lib/layers/store";

const migrations = path.join(process.cwd(), "prisma", "migrations");
const schema = fs.readFileSync(
  path.join(
    migrations,
    fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"))!,
    "migration.sql",
  ),
  "utf8",
);

describe("LayerStore beside another connection to the same file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-store-"));
  const file = path.join(dir, "dashboard.db");
  new Database(file).exec(schema);
  const store = LayerStore.open(file);
  // What Prisma's adapter does in this process: BEGIN, then statements as promises, then COMMIT.
  const other = new Database(file);
  after(() => {
    store.close();
    other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a write waits for the other transaction on a timer, never blocking the event loop", async () => {
    other.prepare("BEGIN IMMEDIATE").run();
    other.prepare(`INSERT INTO "LayerAlias" ("alias", "diffId", "createdAt") VALUES ('v1:other', 'sha256:o', 'now')`).run();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    const committed = new Promise<number>((resolve) =>
      setTimeout(() => {
        other.prepare("COMMIT").run();
        resolve(Date.now());
      }, 200),
    );
    const started = Date.now();
    await store.saveAliases([{ alias: "v1:mine", diffId: "sha256:m" }]);
    const done = Date.now();
    clearInterval(ticker);
    assert.ok(done >= (await committed), "the write went in after the other transaction committed");
    // Blocked, the loop would not tick at all during the wait; a busy machine may delay some ticks.
    assert.ok(ticks >= 2, `the event loop kept running (${ticks} ticks in ${done - started} ms)`);
    assert.equal(store.resolveAlias("v1:mine"), "sha256:m");
    assert.equal(store.resolveAlias("v1:other"), "sha256:o");
  });

  test("a layer's rows are written in batches, named by diff ID at the end, and a duplicate is dropped", async () => {
    const first = await store.openLayerWriter();
    await first.append([{ path: "/a/b/c", type: "file", size: 3, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "h" }]);
    assert.equal(await first.finish({ diffId: "sha256:layer", tarBytes: 2048, entryCount: 1, contentBytes: 3 }), true);
    const stored = store.storedLayer("sha256:layer")!;
    assert.deepEqual(
      { tarBytes: stored.tarBytes, entryCount: stored.entryCount, contentBytes: stored.contentBytes },
      { tarBytes: 2048, entryCount: 1, contentBytes: 3 },
    );
    assert.deepEqual(
      store.childrenOf(stored.id, "/").map((row) => [row.path, row.implicit]),
      [["/a", true]],
    );
    const second = await store.openLayerWriter();
    await second.append([{ path: "/x", type: "file", size: 1, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "x" }]);
    assert.equal(await second.finish({ diffId: "sha256:layer", tarBytes: 1, entryCount: 1, contentBytes: 1 }), false);
    assert.equal(store.storedLayer("sha256:layer")!.id, stored.id);
    assert.deepEqual([...store.readLayer(second.layerId)], []);
  });

  test("half-written layers older than the time-to-live are removed", async () => {
    const writer = await store.openLayerWriter();
    await writer.append([{ path: "/y", type: "file", size: 1, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "y" }]);
    assert.equal(await store.removeStalePending(), 0);
    assert.equal(await store.removeStalePending(Date.now() + 24 * 60 * 60 * 1000), 1);
    assert.deepEqual([...store.readLayer(writer.layerId)], []);
  });
});

describe("LayerStore content-hash format", () => {
  test("a store written with the former sha256 file hashes is emptied on open, once; a current one is kept", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-store-format-"));
    const file = path.join(dir, "dashboard.db");
    try {
      // A database as the former code left it: a layer with sha256 file hashes, its alias, an analysis.
      const former = new Database(file);
      former.exec(schema);
      const { lastInsertRowid } = former
        .prepare(
          `INSERT INTO "AnalysedLayer" ("diffId", "tarBytes", "entryCount", "contentBytes", "createdAt") VALUES ('sha256:old', 1, 1, 1, 'now')`,
        )
        .run();
      former
        .prepare(
          `INSERT INTO "AnalysedLayerEntry" ("layerId", "position", "parent", "name", "type", "size", "mode", "uid", "gid", "linkTarget", "hash") VALUES (?, 1, '/', 'a', 'file', 1, 420, 0, 0, NULL, ?)`,
        )
        .run(lastInsertRowid, "a".repeat(64));
      former.prepare(`INSERT INTO "LayerAlias" ("alias", "diffId", "createdAt") VALUES ('v1:old', 'sha256:old', 'now')`).run();
      former.prepare(`INSERT INTO "ImageAnalysis" ("imageId", "result", "createdAt") VALUES ('sha256:img', '{}', 'now')`).run();
      former.close();

      const store = LayerStore.open(file);
      assert.equal(store.storedLayer("sha256:old"), null);
      assert.equal(store.resolveAlias("v1:old"), null);
      assert.equal(store.getAnalysis("sha256:img"), null);
      const writer = await store.openLayerWriter();
      await writer.append([{ path: "/b", type: "file", size: 1, mode: 0o644, uid: 0, gid: 0, linkTarget: null, hash: "0123456789abcdef" }]);
      await writer.finish({ diffId: "sha256:new", tarBytes: 1, entryCount: 1, contentBytes: 1 });
      store.close();

      const reopened = LayerStore.open(file);
      assert.ok(reopened.storedLayer("sha256:new"), "layers stored in the current format survive a restart");
      await reopened.removeStalePending();
      assert.ok(reopened.storedLayer("sha256:new"));
      reopened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("LayerWriter rows", () => {
  test("every field comes back as written, across commits of many rows and in any script", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-store-rows-"));
    const store = LayerStore.openTemporary(schema, dir);
    try {
      const entries: LayerEntry[] = [
        {
          path: "/data/naïve/文件.txt",
          type: "file",
          size: 5 * 2 ** 32 + 7,
          mode: 0o4755,
          uid: 65534,
          gid: 4_000_000_000,
          linkTarget: null,
          hash: "00ff00ff00ff00ff",
        },
        { path: "/data/naïve/link", type: "symlink", size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: "../ελληνικά/目标", hash: null },
        { path: "/data/hard", type: "hardlink", size: 0, mode: 0o644, uid: 1, gid: 2, linkTarget: "/data/naïve/文件.txt", hash: null },
        { path: "/data/empty-target", type: "symlink", size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: "", hash: null },
        { path: "/gone", type: "whiteout", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null },
        { path: "/var", type: "opaque", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null },
        { path: "/dev/null", type: "other", size: 0, mode: 0o666, uid: 0, gid: 0, linkTarget: null, hash: null },
      ];
      // More rows than one commit takes, appended in walk-sized batches.
      for (let index = 0; index < 25_000; index++) {
        entries.push({
          path: `/bulk/d${index % 50}/f${index}`,
          type: "file",
          size: index,
          mode: 0o644,
          uid: 0,
          gid: 0,
          linkTarget: null,
          hash: index.toString(16).padStart(16, "0"),
        });
      }
      const writer = await store.openLayerWriter();
      for (let start = 0; start < entries.length; start += 250) await writer.append(entries.slice(start, start + 250));
      await writer.finish({ diffId: "sha256:rows", tarBytes: 1, entryCount: entries.length, contentBytes: 1 });
      const layer = store.storedLayer("sha256:rows")!;
      const read = store.layerEntries(layer.id);
      assert.deepEqual(
        read.map(({ position: _position, implicit: _implicit, ...entry }) => entry),
        entries,
      );
      assert.deepEqual(
        read.map((entry) => entry.position),
        entries.map((_, index) => index),
      );
      // The parents the tar only implied are there for listings, after the entries.
      assert.deepEqual(
        store.childrenOf(layer.id, "/data").map((entry) => [entry.path, entry.implicit]),
        [
          ["/data/hard", false],
          ["/data/empty-target", false],
          ["/data/naïve", true],
        ],
      );
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
