import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { applyPostgresMigrations } from "@/lib/database-migrations";
import { runAnalysis } from "@/lib/layers/analysis-run";
import { ociArchive, tarBytes, type SyntheticEntry } from "@/lib/layers/analysis/synthetic-archive";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { openLayerStore, readLayerEntries, SqliteLayerStore, type LayerStore } from "@/lib/layers/store";

const migrations = path.join(process.cwd(), "prisma", "migrations");
const schema = fs.readFileSync(
  path.join(
    migrations,
    fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"))!,
    "migration.sql",
  ),
  "utf8",
);

/** A fresh, migrated database of one kind, with raw SQL access beside the stores opened on it. */
type TestDatabase = {
  url: string;
  /** Runs SQL with literal values (both dialects read it the same). */
  exec(sql: string): Promise<void>;
  /** The first column of the first row, as a number. */
  count(sql: string): Promise<number>;
  drop(): Promise<void>;
};

async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-store-"));
  const file = path.join(dir, "dashboard.db");
  const db = new Database(file);
  db.exec(schema);
  return {
    url: `file:${file}`,
    exec: async (sql) => void db.exec(sql),
    count: async (sql) => Number(Object.values(db.prepare(sql).get() as object)[0]),
    drop: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// PostgreSQL when scripts/test.sh's PostgreSQL pass (or a cluster of your own: sandbox_start_postgres) sets it.
const postgresBase = process.env.TEST_POSTGRES_URL_BASE;
let databases = 0;

async function postgresDatabase(): Promise<TestDatabase> {
  const name = `layer_store_${process.pid}_${(databases += 1)}`;
  const admin = new pg.Client({ connectionString: `${postgresBase}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = `${postgresBase}/${name}`;
  await applyPostgresMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    url,
    exec: async (sql) => void (await client.query(sql)),
    count: async (sql) => Number(Object.values((await client.query(sql)).rows[0] as object)[0]),
    drop: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

const kinds = [
  { name: "SQLite", create: sqliteDatabase, skip: false as const },
  {
    name: "PostgreSQL",
    create: postgresDatabase,
    skip: postgresBase ? (false as const) : "TEST_POSTGRES_URL_BASE is not set (scripts/test.sh's PostgreSQL pass sets it)",
  },
];

const file = (path: string, extra: Partial<LayerEntry> = {}): LayerEntry => ({
  path,
  type: "file",
  size: 1,
  mode: 0o644,
  uid: 0,
  gid: 0,
  linkTarget: null,
  hash: "0123456789abcdef",
  ...extra,
});

for (const kind of kinds) {
  describe(`LayerStore on ${kind.name}`, { skip: kind.skip }, () => {
    let database: TestDatabase;
    let store: LayerStore;
    const opened: LayerStore[] = [];
    const open = async () => {
      const next = openLayerStore(database.url);
      opened.push(next);
      await next.ready();
      return next;
    };
    after(async () => {
      for (const each of opened) await each.close();
      await database?.drop();
    });

    test("a layer's rows are written in batches, named by diff ID at the end, and a duplicate is dropped", async () => {
      database = await kind.create();
      store = await open();
      const first = await store.openLayerWriter();
      await first.append([file("/a/b/c", { size: 3 })]);
      assert.equal(await first.finish({ diffId: "sha256:layer", tarBytes: 2048, entryCount: 1, contentBytes: 3 }), true);
      const stored = (await store.storedLayer("sha256:layer"))!;
      assert.deepEqual(
        { tarBytes: stored.tarBytes, entryCount: stored.entryCount, contentBytes: stored.contentBytes },
        { tarBytes: 2048, entryCount: 1, contentBytes: 3 },
      );
      assert.deepEqual(
        (await store.childrenOf(stored.id, "/")).map((row) => [row.path, row.implicit]),
        [["/a", true]],
      );
      const second = await store.openLayerWriter();
      await second.append([file("/x")]);
      assert.equal(await second.finish({ diffId: "sha256:layer", tarBytes: 1, entryCount: 1, contentBytes: 1 }), false);
      assert.equal((await store.storedLayer("sha256:layer"))!.id, stored.id);
      assert.deepEqual(await readLayerEntries(store, second.layerId), []);
      assert.equal(await database.count(`SELECT count(*) FROM "AnalysedLayer"`), 1, "the duplicate's layer row is gone");
    });

    test("half-written layers older than the time-to-live are removed, younger ones (another writer's) kept", async () => {
      const writer = await store.openLayerWriter();
      await writer.append([file("/y")]);
      assert.equal(await store.removeStalePending(), 0);
      assert.equal(await store.removeStalePending(Date.now() + 24 * 60 * 60 * 1000), 1);
      assert.deepEqual(await readLayerEntries(store, writer.layerId), []);
      assert.ok(await store.storedLayer("sha256:layer"), "finished layers are never stale");
    });

    test("aliases and analyses: the last write wins, every name of a layer is listed", async () => {
      await store.saveAliases([
        { alias: "v1:a", diffId: "sha256:one" },
        { alias: "blob:sha256:b", diffId: "sha256:one" },
        { alias: "v1:a", diffId: "sha256:two" },
      ]);
      assert.equal(await store.resolveAlias("v1:a"), "sha256:two");
      assert.deepEqual([...(await store.aliasesOf("sha256:one"))], ["blob:sha256:b"]);
      assert.equal(await store.resolveAlias("v1:none"), null);
      await store.saveAnalysis("sha256:img", '{"a":1}');
      await store.saveAnalysis("sha256:img", '{"a":2}');
      assert.equal(await store.getAnalysis("sha256:img"), '{"a":2}');
      assert.equal(await store.getAnalysis("sha256:none"), null);
    });

    test("descendants are the rows below a directory in byte order, whatever the database's collation", async () => {
      const writer = await store.openLayerWriter();
      await writer.append([
        file("/a/x/deep"),
        file("/a/child"),
        file("/a-b/c"),
        file("/a0/d"),
        file("/A/e"),
        file("/ab/f"),
        file("/a/y/z/deeper"),
      ]);
      await writer.finish({ diffId: "sha256:tree", tarBytes: 1, entryCount: 7, contentBytes: 7 });
      const { id } = (await store.storedLayer("sha256:tree"))!;
      assert.deepEqual((await store.descendantsOf(id, "/a")).map((row) => row.path).sort(), ["/a/x/deep", "/a/y/z", "/a/y/z/deeper"]);
      assert.deepEqual(
        (await store.entriesAt(id, "/a/child")).map((row) => row.path),
        ["/a/child"],
      );
      assert.equal((await store.descendantsOf(id, "/")).length, 15, "7 entries and 8 implicit parents below /");
    });

    test("every field comes back as written, across commits of many rows and in any script", async () => {
      const entries: LayerEntry[] = [
        file("/data/naïve/文件.txt", { size: 5 * 2 ** 32 + 7, mode: 0o4755, uid: 65534, gid: 4_000_000_000, hash: "00ff00ff00ff00ff" }),
        { path: "/data/naïve/link", type: "symlink", size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: "../ελληνικά/目标", hash: null },
        { path: "/data/hard", type: "hardlink", size: 0, mode: 0o644, uid: 1, gid: 2, linkTarget: "/data/naïve/文件.txt", hash: null },
        { path: "/data/empty-target", type: "symlink", size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: "", hash: null },
        {
          path: "/data/tab\there\nnewline\\back'quote\"",
          type: "file",
          size: 1,
          mode: 0xffffffff,
          uid: 2 ** 32 - 1,
          gid: 0,
          linkTarget: null,
          hash: null,
        },
        { path: "/gone", type: "whiteout", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null },
        { path: "/var", type: "opaque", size: 0, mode: 0, uid: 0, gid: 0, linkTarget: null, hash: null },
        { path: "/dev/null", type: "other", size: 0, mode: 0o666, uid: 0, gid: 0, linkTarget: null, hash: null },
      ];
      // More rows than one commit takes, appended in walk-sized batches.
      for (let index = 0; index < 25_000; index++) {
        entries.push(file(`/bulk/d${index % 50}/f${index}`, { size: index, hash: index.toString(16).padStart(16, "0") }));
      }
      const writer = await store.openLayerWriter();
      for (let start = 0; start < entries.length; start += 250) await writer.append(entries.slice(start, start + 250));
      await writer.finish({ diffId: "sha256:rows", tarBytes: 1, entryCount: entries.length, contentBytes: 1 });
      const layer = (await store.storedLayer("sha256:rows"))!;
      const read = await readLayerEntries(store, layer.id);
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
        (await store.childrenOf(layer.id, "/data")).map((entry) => [entry.path, entry.implicit]),
        [
          ["/data/hard", false],
          ["/data/empty-target", false],
          ["/data/tab\there\nnewline\\back'quote\"", false],
          ["/data/naïve", true],
        ],
      );
    });

    test("a store written with the former sha256 file hashes is emptied when opened, once, by one of two stores opening at once", async () => {
      await database.exec(`DELETE FROM "LayerAlias" WHERE "alias" = 'store-format:content-hash'`);
      await database.exec(
        `INSERT INTO "ImageAnalysis" ("imageId", "result", "createdAt") VALUES ('sha256:old-img', '{}', '2026-01-01 00:00:00')`,
      );
      const [left, right] = await Promise.all([open(), open()]);
      assert.equal(await left!.storedLayer("sha256:rows"), null);
      assert.equal(await right!.getAnalysis("sha256:old-img"), null);
      assert.equal(await database.count(`SELECT count(*) FROM "AnalysedLayerEntry"`), 0);
      const writer = await left!.openLayerWriter();
      await writer.append([file("/b")]);
      await writer.finish({ diffId: "sha256:new", tarBytes: 1, entryCount: 1, contentBytes: 1 });
      // Another store opened now (a restart, another instance) keeps what the current format wrote.
      const later = await open();
      await later.removeStalePending();
      assert.ok(await later.storedLayer("sha256:new"), "layers stored in the current format survive");
      assert.ok(await right!.storedLayer("sha256:new"), "and every store on the database sees them");
    });

    test("two stores finishing the same layer at the same moment: exactly one names it, the other's rows go", async () => {
      const [left, right] = [await open(), await open()];
      for (let round = 0; round < 5; round++) {
        const writers = [await left.openLayerWriter(), await right.openLayerWriter()];
        const rows = Array.from({ length: 12_000 }, (_, index) => file(`/race/${round}/f${index}`));
        await Promise.all(writers.map((writer) => writer.append(rows)));
        const layer = { diffId: `sha256:race-${round}`, tarBytes: 1, entryCount: rows.length, contentBytes: rows.length };
        const named = await Promise.all(writers.map((writer) => writer.finish(layer)));
        assert.deepEqual([...named].sort(), [false, true], `round ${round}: one writer names the layer`);
        const winner = writers[named.indexOf(true)]!;
        assert.equal((await right.storedLayer(layer.diffId))!.id, winner.layerId);
        assert.equal((await readLayerEntries(left, winner.layerId)).length, rows.length);
        const loser = writers[named.indexOf(false)]!;
        assert.equal(await database.count(`SELECT count(*) FROM "AnalysedLayerEntry" WHERE "layerId" = ${loser.layerId}`), 0);
        assert.equal(await database.count(`SELECT count(*) FROM "AnalysedLayer" WHERE "id" = ${loser.layerId}`), 0);
      }
    });

    test("two stores on one database analysing the same image at once: one copy of each layer, both answers alike", async () => {
      const layerFiles = (layer: number, count: number): SyntheticEntry[] =>
        Array.from({ length: count }, (_, index) => ({
          name: `srv/l${layer}/d${index % 20}/f${index}`,
          body: `layer ${layer} file ${index}`,
        }));
      const layers = [
        { tar: await tarBytes(layerFiles(0, 3000)) },
        { tar: await tarBytes([...layerFiles(1, 2000), { name: "srv/l0/.wh.d1" }]) },
        { tar: await tarBytes(layerFiles(2, 1500)) },
      ];
      const { archive, imageId, diffIds } = await ociArchive(layers);
      // Small chunks, each after a turn of the event loop: the two runs interleave throughout.
      const openArchive = () =>
        Readable.from(
          (async function* () {
            for (let at = 0; at < archive.length; at += 16 * 1024) {
              await new Promise((resolve) => setImmediate(resolve));
              yield archive.subarray(at, at + 16 * 1024);
            }
          })(),
        );
      const [left, right] = [await open(), await open()];
      const source = { imageId, diffIds, repoTags: ["test/oci:1"], size: archive.length, open: openArchive };
      const base = { layers: 0, image: null };
      const [a, b] = await Promise.all([runAnalysis({ store: left, source, base }), runAnalysis({ store: right, source, base })]);
      const { analysedAt: _a, ...first } = a.analysis;
      const { analysedAt: _b, ...second } = b.analysis;
      assert.deepEqual(second, first);
      const hidden = Array.from({ length: 3000 }, (_, index) => index)
        .filter((index) => index % 20 === 1)
        .reduce((sum, index) => sum + `layer 0 file ${index}`.length, 0);
      assert.equal(first.wastedBytes, hidden, "the whiteout of /srv/l0/d1 hides its 150 files of layer 0");
      const named = `SELECT count(*) FROM "AnalysedLayer" WHERE "diffId" IN ('${diffIds.join("', '")}')`;
      assert.equal(await database.count(named), 3, "each layer stored once");
      assert.equal(await database.count(`SELECT count(*) FROM "AnalysedLayer" WHERE "diffId" IS NULL`), 0, "no half-written layer left");
      assert.equal(
        await database.count(
          `SELECT count(*) FROM "AnalysedLayerEntry" e WHERE NOT EXISTS (SELECT 1 FROM "AnalysedLayer" l WHERE l."id" = e."layerId" AND l."diffId" IS NOT NULL)`,
        ),
        0,
        "the losing writer's rows are gone",
      );
      for (const diffId of diffIds) {
        const stored = (await left.storedLayer(diffId))!;
        assert.equal((await readLayerEntries(right, stored.id)).length, stored.entryCount);
      }
      assert.equal(await right.getAnalysis(imageId), await left.getAnalysis(imageId));
    });
  });
}

describe("SqliteLayerStore beside another connection to the same file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layer-store-"));
  const file = path.join(dir, "dashboard.db");
  new Database(file).exec(schema);
  const store = SqliteLayerStore.open(file);
  // What Prisma's adapter does in this process: BEGIN, then statements as promises, then COMMIT.
  const other = new Database(file);
  after(async () => {
    await store.close();
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
    assert.equal(await store.resolveAlias("v1:mine"), "sha256:m");
    assert.equal(await store.resolveAlias("v1:other"), "sha256:o");
  });
});
