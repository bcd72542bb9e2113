/**
 * The layer explorer's store: every layer's entries by diff ID, the names layers go by in save
 * archives (aliases), and finished analyses by image ID. The tables are Prisma's (prisma/schema.prisma:
 * AnalysedLayer, AnalysedLayerEntry, LayerAlias, ImageAnalysis; created by `prisma migrate deploy`),
 * but this module reads and writes them through its own better-sqlite3 connection with prepared
 * statements: the entries are the hot path (tens of thousands of rows per layer, written while the
 * archive streams by, read back layer by layer), and Prisma's JS query engine costs about 3x per
 * row there (50,000 rows: 2.7 s through `$executeRaw` against 0.9 s here, measured on this
 * machine under the same load). The other tables go through the same connection so one store is
 * one file handle, in the dashboard (the audit database) and in the CLI (a temporary file).
 *
 * Memory: nothing here holds more than one page of rows; SQLite keeps the index on disk.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { baseName, parentPath } from "@/lib/layers/analysis/paths";
import type { LayerEntry, LayerEntryType } from "@/lib/layers/analysis/types";

/** A row of AnalysedLayerEntry as this module reads it. `implicit`: a parent the tar did not name. */
export type StoredEntry = LayerEntry & { position: number; implicit: boolean };

/** A finished layer in the store. */
export type StoredLayer = { id: number; diffId: string; tarBytes: number; entryCount: number; contentBytes: number };

/** How long a layer may stay half-written before another run assumes its writer died. */
const PENDING_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * What the stored file hashes are (lib/layers/analysis/walk.ts). Hashes of two kinds must never
 * meet: "same content" is hash equality, within a layer stack and between compared images. The
 * marker is a row of LayerAlias (the store's own table, under a name no archive gives a layer); a
 * store without it holds sha256 hashes from before, and its layers and analyses are dropped (they
 * are a cache: the next analysis of an image reads them again).
 */
const FORMAT_ALIAS = "store-format:content-hash";
const FORMAT = "xxh64";
/** Rows per read when streaming a layer. */
const PAGE_ROWS = 5000;
/** How long a read may wait for another process's commit (a synchronous wait: keep it short). */
const READ_WAIT_MS = 1000;
/** How long a write keeps retrying while the database is locked. */
const WRITE_WAIT_MS = 30_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

type EntryRow = {
  position: number;
  parent: string;
  name: string;
  type: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkTarget: string | null;
  hash: string | null;
};

/** An EntryRow as the raw statements return it (ENTRY_COLUMNS order). */
type RawEntryRow = [number, string, string, string, number, number, number, number, string | null, string | null];

const ENTRY_COLUMNS = `"position", "parent", "name", "type", "size", "mode", "uid", "gid", "linkTarget", "hash"`;
const ENTRY_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/** Rows per multi-row INSERT (11 parameters each, well under SQLite's 32,766). */
const INSERT_CHUNK = 100;
/** Values per entry row (ENTRY_COLUMNS). */
const ENTRY_WIDTH = 10;
/**
 * Rows a LayerWriter gathers before it writes them in one transaction. Each commit of the
 * dashboard's database (rollback journal, synchronous=FULL: it holds the audit log too) waits for
 * several fsyncs on the event loop's thread; 10,000 rows (~1 MB packed) a commit make that 6
 * waits for the 50,000-file benchmark image instead of 26.
 */
const WRITE_ROWS = 10_000;

function joinPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

function toEntry(row: EntryRow): StoredEntry {
  const implicit = row.type === "implicit";
  return {
    path: joinPath(row.parent, row.name),
    type: (implicit ? "dir" : row.type) as LayerEntryType,
    size: row.size,
    mode: row.mode,
    uid: row.uid,
    gid: row.gid,
    linkTarget: row.linkTarget,
    hash: row.hash,
    position: row.position,
    implicit,
  };
}

/**
 * The layer-analysis tables of a SQLite database.
 *
 * @example
 * const store = LayerStore.open("/srv/dash/dashboard.db");
 * store.storedLayer("sha256:…")?.entryCount;
 */
export class LayerStore {
  private readonly statements;

  private constructor(
    readonly db: Database.Database,
    /** A temporary store's folder, removed on close. */
    private readonly temporaryDir: string | null,
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      insertLayer: prepare(`INSERT INTO "AnalysedLayer" ("createdAt") VALUES (?)`),
      insertEntry: prepare(`INSERT INTO "AnalysedLayerEntry" ("layerId", ${ENTRY_COLUMNS}) VALUES ${ENTRY_VALUES}`),
      // One statement per INSERT_CHUNK rows: a third of the time of row-by-row statements here.
      insertEntries: prepare(
        `INSERT INTO "AnalysedLayerEntry" ("layerId", ${ENTRY_COLUMNS}) VALUES ${Array.from({ length: INSERT_CHUNK }, () => ENTRY_VALUES).join(", ")}`,
      ),
      deleteEntries: prepare(`DELETE FROM "AnalysedLayerEntry" WHERE "layerId" = ?`),
      deleteLayer: prepare(`DELETE FROM "AnalysedLayer" WHERE "id" = ?`),
      completeLayer: prepare(
        `UPDATE "AnalysedLayer" SET "diffId" = ?, "tarBytes" = ?, "entryCount" = ?, "contentBytes" = ? WHERE "id" = ? AND "diffId" IS NULL`,
      ),
      storedLayer: prepare(
        `SELECT "id", "diffId", "tarBytes", "entryCount", "contentBytes" FROM "AnalysedLayer" WHERE "diffId" = ? AND "diffId" IS NOT NULL`,
      ),
      stalePending: prepare(`SELECT "id" FROM "AnalysedLayer" WHERE "diffId" IS NULL AND "createdAt" < ?`),
      // Rows as arrays (in ENTRY_COLUMNS order): the fold reads every row of every layer, and
      // better-sqlite3 builds an array per row faster than an object.
      layerPage: prepare(
        `SELECT ${ENTRY_COLUMNS} FROM "AnalysedLayerEntry" WHERE "layerId" = ? AND "position" > ? ORDER BY "position" LIMIT ${PAGE_ROWS}`,
      ).raw(true),
      entriesAt: prepare(
        `SELECT ${ENTRY_COLUMNS} FROM "AnalysedLayerEntry" WHERE "layerId" = ? AND "parent" = ? AND "name" = ? ORDER BY "position"`,
      ),
      // Everything below a directory: parents from "dir/" up to (not including) "dir0" ("0" follows "/").
      descendants: prepare(
        `SELECT ${ENTRY_COLUMNS} FROM "AnalysedLayerEntry" WHERE "layerId" = ? AND "parent" >= ? AND "parent" < ? ORDER BY "position"`,
      ),
      children: prepare(`SELECT ${ENTRY_COLUMNS} FROM "AnalysedLayerEntry" WHERE "layerId" = ? AND "parent" = ? ORDER BY "position"`),
      resolveAlias: prepare(`SELECT "diffId" FROM "LayerAlias" WHERE "alias" = ?`),
      aliasesOf: prepare(`SELECT "alias" FROM "LayerAlias" WHERE "diffId" = ?`),
      saveAlias: prepare(
        `INSERT INTO "LayerAlias" ("alias", "diffId", "createdAt") VALUES (?, ?, ?) ON CONFLICT("alias") DO UPDATE SET "diffId" = excluded."diffId"`,
      ),
      getAnalysis: prepare(`SELECT "result" FROM "ImageAnalysis" WHERE "imageId" = ?`),
      saveAnalysis: prepare(
        `INSERT INTO "ImageAnalysis" ("imageId", "result", "createdAt") VALUES (?, ?, ?) ON CONFLICT("imageId") DO UPDATE SET "result" = excluded."result"`,
      ),
    };
  }

  /**
   * Opens the store in an existing database whose migrations have run (the dashboard's: `npm
   * start` applies them).
   *
   * Locks: Prisma's connection to the same file lives in this process and keeps transactions open
   * across `await`s (the adapter runs BEGIN, then each statement as a promise). better-sqlite3
   * waits for a lock *synchronously*, which would stop the very event loop Prisma needs to finish
   * its transaction. So writes here never wait inside SQLite: they fail fast on a lock and retry
   * after a timer (`write`), and reads wait at most READ_WAIT_MS (only a commit, which Prisma runs
   * in one synchronous step, or another process can hold them up).
   */
  static open(file: string): LayerStore {
    const db = new Database(file, { timeout: READ_WAIT_MS, fileMustExist: true });
    const found = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'AnalysedLayerEntry'`).get();
    if (!found) {
      db.close();
      throw new AppError(
        "unavailable:database",
        `The database ${file} has no layer-analysis tables yet: apply the migrations (npm run db:migrate, or npm start).`,
      );
    }
    const store = new LayerStore(db, null);
    try {
      store.upgradeFormat();
    } catch (error) {
      // Another connection holds the database: the next analysis upgrades it (removeStalePending).
      if (!isBusy(error)) throw error;
    }
    return store;
  }

  /**
   * A store in a temporary file that disappears on close: what the CLI uses when no database is
   * configured (the entries still stay out of the heap). `schemaSql` is the migration that creates
   * the tables (prisma/migrations/*_layer_analysis/migration.sql).
   */
  static openTemporary(schemaSql: string, parent: string = os.tmpdir()): LayerStore {
    const dir = fs.mkdtempSync(path.join(parent, "layer-analysis-"));
    const db = new Database(path.join(dir, "layers.db"));
    // Nothing here must survive a crash: no journal fsyncs.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.exec(schemaSql);
    const store = new LayerStore(db, dir);
    store.upgradeFormat();
    return store;
  }

  /** Whether the stored hashes are of the current kind (else everything stored is from before). */
  private formatIsCurrent(): boolean {
    return this.resolveAlias(FORMAT_ALIAS) === FORMAT;
  }

  /** Drops layers and analyses stored with another content hash, then marks the store current. */
  private upgradeFormat(): void {
    if (!this.formatIsCurrent()) this.db.transaction(() => this.dropOtherFormat()).immediate();
  }

  private dropOtherFormat(): void {
    if (this.formatIsCurrent()) return;
    this.db.exec(`DELETE FROM "AnalysedLayerEntry"; DELETE FROM "AnalysedLayer"; DELETE FROM "LayerAlias"; DELETE FROM "ImageAnalysis";`);
    this.statements.saveAlias.run(FORMAT_ALIAS, FORMAT, new Date().toISOString());
  }

  close(): void {
    this.db.close();
    if (this.temporaryDir) fs.rmSync(this.temporaryDir, { recursive: true, force: true });
  }

  /**
   * Runs `work` in a write transaction (taken at BEGIN), retrying on a timer while another
   * connection holds the database: see `open` for why it never waits inside SQLite. `work` must
   * be repeatable (a failed attempt is rolled back).
   */
  private async write<T>(work: () => T): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      this.db.pragma("busy_timeout = 0");
      try {
        return this.db.transaction(work).immediate();
      } catch (error) {
        if (!isBusy(error) || Date.now() - started > WRITE_WAIT_MS) throw error;
      } finally {
        this.db.pragma(`busy_timeout = ${READ_WAIT_MS}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 2 ** attempt)));
    }
  }

  /** Removes layers whose writer died mid-way (a crash, a killed CLI) long enough ago. */
  async removeStalePending(now = Date.now()): Promise<number> {
    if (!this.formatIsCurrent()) await this.write(() => this.dropOtherFormat());
    const stale = this.statements.stalePending.all(new Date(now - PENDING_TTL_MS).toISOString()) as { id: number }[];
    for (const { id } of stale) await this.discardLayer(id);
    return stale.length;
  }

  storedLayer(diffId: string): StoredLayer | null {
    const row = this.statements.storedLayer.get(diffId) as StoredLayer | undefined;
    return row ?? null;
  }

  /** The diff ID a save-archive name stands for (`v1:<hex>`, `blob:sha256:<hex>`), if known. */
  resolveAlias(alias: string): string | null {
    const row = this.statements.resolveAlias.get(alias) as { diffId: string } | undefined;
    return row?.diffId ?? null;
  }

  /** Every name a layer has had in save archives. */
  aliasesOf(diffId: string): Set<string> {
    return new Set((this.statements.aliasesOf.all(diffId) as { alias: string }[]).map((row) => row.alias));
  }

  async saveAliases(aliases: readonly { alias: string; diffId: string }[]): Promise<void> {
    if (aliases.length === 0) return;
    const createdAt = new Date().toISOString();
    await this.write(() => {
      for (const { alias, diffId } of aliases) this.statements.saveAlias.run(alias, diffId, createdAt);
    });
  }

  /** Starts writing a layer whose diff ID is not known yet (it is the hash of the bytes to come). */
  async openLayerWriter(): Promise<LayerWriter> {
    const createdAt = new Date().toISOString();
    const id = await this.write(() => Number(this.statements.insertLayer.run(createdAt).lastInsertRowid));
    return new LayerWriter(this, id);
  }

  /** @internal used by LayerWriter: writes the rows gathered in `rows` in one transaction. */
  async insertRows(layerId: number, rows: EntryRowBuffer): Promise<void> {
    const { insertEntry, insertEntries } = this.statements;
    const whole = rows.count - (rows.count % INSERT_CHUNK);
    await this.write(() => {
      const reader = rows.reader();
      const chunk: unknown[] = new Array<unknown>(INSERT_CHUNK * (ENTRY_WIDTH + 1));
      const row: unknown[] = new Array<unknown>(ENTRY_WIDTH + 1);
      for (let start = 0; start < whole; start += INSERT_CHUNK) {
        for (let at = 0; at < chunk.length; at += ENTRY_WIDTH + 1) {
          chunk[at] = layerId;
          reader.next(chunk, at + 1);
        }
        insertEntries.run(chunk);
      }
      for (let index = whole; index < rows.count; index++) {
        row[0] = layerId;
        reader.next(row, 1);
        insertEntry.run(row);
      }
    });
  }

  /** @internal used by LayerWriter: gives the layer its diff ID, unless another writer got there first. */
  async completeLayer(
    layerId: number,
    layer: { diffId: string; tarBytes: number; entryCount: number; contentBytes: number },
  ): Promise<boolean> {
    return this.write(() => {
      if (this.storedLayer(layer.diffId)) {
        this.deleteLayerRows(layerId);
        return false;
      }
      this.statements.completeLayer.run(layer.diffId, layer.tarBytes, layer.entryCount, layer.contentBytes, layerId);
      return true;
    });
  }

  private deleteLayerRows(layerId: number): void {
    this.statements.deleteEntries.run(layerId);
    this.statements.deleteLayer.run(layerId);
  }

  /** @internal */
  async discardLayer(layerId: number): Promise<void> {
    await this.write(() => this.deleteLayerRows(layerId));
  }

  /**
   * A stored layer's entries in tar order, a page at a time (implicit parents left out: they are
   * for listings). The fold takes one layer at a time, so at most one layer is ever in memory.
   */
  *readLayer(layerId: number): Generator<StoredEntry[]> {
    let after = -1;
    for (;;) {
      const rows = this.statements.layerPage.all(layerId, after) as RawEntryRow[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![0];
      const page: StoredEntry[] = [];
      for (const [position, parent, name, type, size, mode, uid, gid, linkTarget, hash] of rows) {
        if (type === "implicit") continue;
        page.push({
          path: joinPath(parent, name),
          type: type as LayerEntryType,
          size,
          mode,
          uid,
          gid,
          linkTarget,
          hash,
          position,
          implicit: false,
        });
      }
      yield page;
    }
  }

  /** One layer's entries as one array (what UnionFs.apply takes). */
  layerEntries(layerId: number): StoredEntry[] {
    const all: StoredEntry[] = [];
    for (const page of this.readLayer(layerId)) for (const entry of page) all.push(entry);
    return all;
  }

  /** The rows of a layer at exactly `path` (usually one), in tar order. */
  entriesAt(layerId: number, path: string): StoredEntry[] {
    if (path === "/") return [];
    return (this.statements.entriesAt.all(layerId, parentPath(path), baseName(path)) as EntryRow[]).map(toEntry);
  }

  /** The rows of a layer directly inside `dir`, implicit parents included, in tar order. */
  childrenOf(layerId: number, dir: string): StoredEntry[] {
    return (this.statements.children.all(layerId, dir) as EntryRow[]).map(toEntry);
  }

  /** The rows of a layer anywhere below `dir` (not the directory's own children: see childrenOf). */
  descendantsOf(layerId: number, dir: string): StoredEntry[] {
    const prefix = dir === "/" ? "/" : `${dir}/`;
    const end = `${prefix.slice(0, -1)}0`;
    return (this.statements.descendants.all(layerId, prefix, end) as EntryRow[]).map(toEntry);
  }

  getAnalysis(imageId: string): string | null {
    const row = this.statements.getAnalysis.get(imageId) as { result: string } | undefined;
    return row?.result ?? null;
  }

  async saveAnalysis(imageId: string, json: string): Promise<void> {
    const createdAt = new Date().toISOString();
    await this.write(() => this.statements.saveAnalysis.run(imageId, json, createdAt));
  }
}

function databaseFile(url: string): string {
  if (/^postgres(ql)?:\/\//.test(url)) return localStoreFile(getEnv().dataDir);
  if (!url.startsWith("file:")) {
    throw new AppError(
      "unavailable:database",
      `The layer explorer needs a SQLite database (DATABASE_URL=file:…), not ${url.split(":")[0]}.`,
    );
  }
  return url.slice("file:".length).replace(/\?.*$/, "");
}

/**
 * With DATABASE_URL on PostgreSQL the store stays in a SQLite file of this instance's data
 * directory: this module reads and writes synchronously through better-sqlite3 (see the top), which
 * no PostgreSQL driver offers. What it holds is a cache keyed by content (diff IDs, image IDs), so
 * instances that each keep their own only read a layer once more each. Created from the SQLite
 * layer-analysis migration when missing.
 */
function localStoreFile(dataDir: string): string {
  const file = path.join(/*turbopackIgnore: true*/ dataDir, "layer-store.db");
  if (fs.existsSync(file)) return file;
  const migrations = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
  const folder = fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"));
  if (!folder) throw new AppError("unavailable:database", `No *_layer_analysis migration in ${migrations} to create ${file} from.`);
  // Written under another name and renamed: a half-made file must never look ready.
  const partial = `${file}.${process.pid}.partial`;
  const db = new Database(partial);
  try {
    db.exec(fs.readFileSync(path.join(migrations, folder, "migration.sql"), "utf8"));
  } finally {
    db.close();
  }
  fs.renameSync(partial, file);
  return file;
}

const globalForStore = globalThis as unknown as { dashboardLayerStore?: LayerStore };

/**
 * The store of this process: the dashboard's database (DATABASE_URL / DASHBOARD_DATA_DIR), or the
 * one a script set with `setLayerStore`. One per process (Next's dev reloads would otherwise leak).
 */
export function getLayerStore(): LayerStore {
  globalForStore.dashboardLayerStore ??= LayerStore.open(databaseFile(getEnv().databaseUrl));
  return globalForStore.dashboardLayerStore;
}

/** Makes `store` the process's store (the CLI's temporary one). */
export function setLayerStore(store: LayerStore): void {
  globalForStore.dashboardLayerStore = store;
}

/**
 * Writes one layer's entries as the walk reports them, then names the layer by its diff ID. Parent
 * directories the tar implies without naming (`/a/b/c` with no `/a/b` entry) are added at the end
 * as `implicit` rows, so a directory listing finds every child by its parent alone.
 */
export class LayerWriter {
  private position = 0;
  private readonly explicitDirs = new Set<string>();
  private readonly impliedDirs = new Set<string>();
  private finished = false;
  /** Rows not written yet. */
  private rows = new EntryRowBuffer();

  constructor(
    private readonly store: LayerStore,
    readonly layerId: number,
  ) {}

  async append(entries: readonly LayerEntry[]): Promise<void> {
    for (const entry of entries) {
      if (entry.path === "/") continue;
      if (entry.type === "dir") this.explicitDirs.add(entry.path);
      const parent = parentPath(entry.path);
      for (let dir = parent; dir !== "/" && !this.impliedDirs.has(dir); dir = parentPath(dir)) this.impliedDirs.add(dir);
      this.rows.add(this.position++, parent, baseName(entry.path), entry);
    }
    if (this.rows.count >= WRITE_ROWS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.rows.count === 0) return;
    const rows = this.rows;
    this.rows = new EntryRowBuffer();
    await this.store.insertRows(this.layerId, rows);
  }

  /** Gives the layer its diff ID. False when the store already had it (written meanwhile by another run). */
  async finish(layer: { diffId: string; tarBytes: number; entryCount: number; contentBytes: number }): Promise<boolean> {
    this.finished = true;
    for (const dir of [...this.impliedDirs].sort()) {
      if (!this.explicitDirs.has(dir)) this.rows.add(this.position++, parentPath(dir), baseName(dir), IMPLICIT_DIR);
    }
    await this.flush();
    return this.store.completeLayer(this.layerId, layer);
  }

  /** Drops what was written (a skipped or failed layer). */
  async discard(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.rows = new EntryRowBuffer();
    await this.store.discardLayer(this.layerId);
  }
}

/** The row of a parent directory the tar implies without naming it. */
const IMPLICIT_DIR = { type: "implicit", size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: null, hash: null } as const;

const ROW_TYPES = ["file", "dir", "symlink", "hardlink", "other", "whiteout", "opaque", "implicit"] as const;
const NULL_STRING = 0xffffffff;

/**
 * Entry rows waiting for their transaction, packed into one growing Buffer rather than held as
 * JS strings and arrays: rows gathered over many chunks of the archive would otherwise outlive a
 * few scavenges and be promoted to the old generation, where they stay as garbage after the
 * write (see lib/layers/analysis/memory.ts). Strings come back out just before SQLite takes them.
 */
class EntryRowBuffer {
  count = 0;
  private buffer = Buffer.allocUnsafe(256 * 1024);
  private length = 0;

  add(
    position: number,
    parent: string,
    name: string,
    entry: Pick<LayerEntry, "size" | "mode" | "uid" | "gid" | "linkTarget" | "hash"> & { type: string },
  ): void {
    // Room for the fixed part and, at worst, 3 bytes per UTF-16 unit of each string.
    this.reserve(1 + 4 * 4 + 8 + 4 * 4 + 3 * (parent.length + name.length + (entry.linkTarget?.length ?? 0) + (entry.hash?.length ?? 0)));
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = ROW_TYPES.indexOf(entry.type as (typeof ROW_TYPES)[number]);
    at = buffer.writeUInt32LE(position, at);
    at = buffer.writeDoubleLE(entry.size, at);
    at = buffer.writeUInt32LE(entry.mode >>> 0, at);
    at = buffer.writeUInt32LE(entry.uid >>> 0, at);
    at = buffer.writeUInt32LE(entry.gid >>> 0, at);
    at = this.writeString(parent, at);
    at = this.writeString(name, at);
    at = this.writeString(entry.linkTarget, at);
    this.length = this.writeString(entry.hash, at);
    this.count += 1;
  }

  /** Reads the rows back in order, each into `target` from `offset` (ENTRY_COLUMNS order). */
  reader(): { next: (target: unknown[], offset: number) => void } {
    const buffer = this.buffer;
    let at = 0;
    const readString = (): string | null => {
      const length = buffer.readUInt32LE(at);
      at += 4;
      if (length === NULL_STRING) return null;
      at += length;
      return buffer.toString("utf8", at - length, at);
    };
    return {
      next: (target, offset) => {
        const type = ROW_TYPES[buffer[at]!]!;
        target[offset] = buffer.readUInt32LE(at + 1);
        target[offset + 4] = buffer.readDoubleLE(at + 5);
        target[offset + 5] = buffer.readUInt32LE(at + 13);
        target[offset + 6] = buffer.readUInt32LE(at + 17);
        target[offset + 7] = buffer.readUInt32LE(at + 21);
        at += 25;
        target[offset + 1] = readString();
        target[offset + 2] = readString();
        target[offset + 3] = type;
        target[offset + 8] = readString();
        target[offset + 9] = readString();
      },
    };
  }

  private writeString(value: string | null, at: number): number {
    if (value === null) return this.buffer.writeUInt32LE(NULL_STRING, at);
    const written = this.buffer.write(value, at + 4, "utf8");
    this.buffer.writeUInt32LE(written, at);
    return at + 4 + written;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
