import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
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
    assert.ok(ticks >= 5, `the event loop kept running (${ticks} ticks in ${done - started} ms)`);
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
