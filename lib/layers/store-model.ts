/**
 * What the layer explorer's two stores share: the operations the analysis and the queries use
 * (`LayerStore`), the rows they return, and the writer that turns a walk's entries into rows.
 * The implementations are lib/layers/store-sqlite.ts (better-sqlite3, prepared statements) and
 * lib/layers/store-postgres.ts (`pg`, bulk inserts and keyset pages); lib/layers/store.ts picks one
 * by DATABASE_URL.
 *
 * Memory: no operation holds more than one page of rows; the database keeps the index.
 */
import { baseName, parentPath } from "@/lib/layers/analysis/paths";
import type { LayerEntry, LayerEntryType } from "@/lib/layers/analysis/types";

/** A row of AnalysedLayerEntry as the stores read it. `implicit`: a parent the tar did not name. */
export type StoredEntry = LayerEntry & { position: number; implicit: boolean };

/** A finished layer in the store. */
export type StoredLayer = { id: number; diffId: string; tarBytes: number; entryCount: number; contentBytes: number };

/** What a finished layer records besides its rows. */
export type CompletedLayer = { diffId: string; tarBytes: number; entryCount: number; contentBytes: number };

/**
 * The layer explorer's index: every layer's entries by diff ID, the names layers go by in save
 * archives (aliases), and finished analyses by image ID.
 *
 * Layers are written by a `LayerWriter` before their diff ID is known (it is the hash of the bytes
 * still to come): a layer row starts pending (diff ID null), gets its rows, and is named at the
 * end. Two writers of the same layer (two analyses at once, in one process or in two instances
 * sharing the database) both write; the first to name it keeps it, the other's rows are dropped
 * (`completeLayer` returns false), so readers only ever see finished layers. A pending row older
 * than PENDING_TTL_MS belongs to a writer that died and is removed by `removeStalePending`.
 *
 * @example
 * const store = getLayerStore();
 * const layer = await store.storedLayer("sha256:…");
 * for await (const page of store.readLayer(layer!.id)) fold(page);
 */
export interface LayerStore {
  /** "sqlite" or "postgresql", for messages and tests. */
  readonly kind: "sqlite" | "postgresql";
  /** Resolves once the store can be used (its tables exist, its format is current); rejects naming what is missing. */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** Removes layers whose writer died mid-way (a crash, a killed CLI) long enough ago. */
  removeStalePending(now?: number): Promise<number>;
  storedLayer(diffId: string): Promise<StoredLayer | null>;
  /** The diff ID a save-archive name stands for (`v1:<hex>`, `blob:sha256:<hex>`), if known. */
  resolveAlias(alias: string): Promise<string | null>;
  /** Every name a layer has had in save archives. */
  aliasesOf(diffId: string): Promise<Set<string>>;
  saveAliases(aliases: readonly { alias: string; diffId: string }[]): Promise<void>;
  /** Starts writing a layer whose diff ID is not known yet (it is the hash of the bytes to come). */
  openLayerWriter(): Promise<LayerWriter>;
  /** @internal used by LayerWriter: writes the rows gathered in `rows`. */
  insertRows(layerId: number, rows: EntryRowBuffer): Promise<void>;
  /** @internal used by LayerWriter: names the layer, unless another writer named one so first (then drops this one). */
  completeLayer(layerId: number, layer: CompletedLayer): Promise<boolean>;
  /** @internal used by LayerWriter: drops a pending layer and its rows. */
  discardLayer(layerId: number): Promise<void>;
  /**
   * A stored layer's entries in tar order, a page at a time (implicit parents left out: they are
   * for listings). The fold takes one layer at a time, so at most one layer is ever in memory.
   */
  readLayer(layerId: number): AsyncGenerator<StoredEntry[]>;
  /** The rows of a layer at exactly `path` (usually one), in tar order. */
  entriesAt(layerId: number, path: string): Promise<StoredEntry[]>;
  /** The rows of a layer directly inside `dir`, implicit parents included, in tar order. */
  childrenOf(layerId: number, dir: string): Promise<StoredEntry[]>;
  /** The rows of a layer anywhere below `dir` (not the directory's own children: see childrenOf). */
  descendantsOf(layerId: number, dir: string): Promise<StoredEntry[]>;
  /** A finished analysis (JSON), by image ID. */
  getAnalysis(imageId: string): Promise<string | null>;
  saveAnalysis(imageId: string, json: string): Promise<void>;
}

/** How long a layer may stay half-written before another run assumes its writer died. */
export const PENDING_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * What the stored file hashes are (lib/layers/analysis/walk.ts). Hashes of two kinds must never
 * meet: "same content" is hash equality, within a layer stack and between compared images. The
 * marker is a row of LayerAlias (the store's own table, under a name no archive gives a layer); a
 * store without it holds sha256 hashes from before, and its layers and analyses are dropped (they
 * are a cache: the next analysis of an image reads them again).
 */
export const FORMAT_ALIAS = "store-format:content-hash";
export const FORMAT = "xxh64";
/** Rows per read when streaming a layer. */
export const PAGE_ROWS = 5000;
/**
 * Rows a LayerWriter gathers before it writes them in one transaction. Each commit of the
 * dashboard's SQLite database (rollback journal, synchronous=FULL: it holds the audit log too)
 * waits for several fsyncs on the event loop's thread; 10,000 rows (~1 MB packed) a commit make
 * that 6 waits for the 50,000-file benchmark image instead of 26. On PostgreSQL it is one bulk
 * statement per 10,000 rows.
 */
const WRITE_ROWS = 10_000;

/** The columns of AnalysedLayerEntry after "layerId", in the order rows are read and written. */
export const ENTRY_COLUMNS = `"position", "parent", "name", "type", "size", "mode", "uid", "gid", "linkTarget", "hash"`;
/** Values per entry row (ENTRY_COLUMNS). */
export const ENTRY_WIDTH = 10;

/** An entry row in ENTRY_COLUMNS order, as both stores' raw reads return it. */
export type RawEntryRow = [number, string, string, string, number, number, number, number, string | null, string | null];

export function joinPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/**
 * A raw row as a StoredEntry. Mode, uid and gid are unsigned 32-bit values (a uid may be above
 * 2^31 in user namespaces); PostgreSQL's INTEGER is signed, so they are stored as the same 32 bits
 * (`value | 0`) and read back unsigned here, on both stores.
 */
export function toStoredEntry([position, parent, name, type, size, mode, uid, gid, linkTarget, hash]: RawEntryRow): StoredEntry {
  const implicit = type === "implicit";
  return {
    path: joinPath(parent, name),
    type: (implicit ? "dir" : type) as LayerEntryType,
    size,
    mode: mode >>> 0,
    uid: uid >>> 0,
    gid: gid >>> 0,
    linkTarget,
    hash,
    position,
    implicit,
  };
}

/** A page of raw rows as the fold takes it: implicit parents left out. */
export function toLayerPage(rows: readonly RawEntryRow[]): StoredEntry[] {
  const page: StoredEntry[] = [];
  for (const row of rows) if (row[3] !== "implicit") page.push(toStoredEntry(row));
  return page;
}

/** `[from, to)` bounds of the parents below `dir`: "dir/" up to (not including) "dir0" ("0" follows "/"). */
export function descendantBounds(dir: string): { prefix: string; end: string } {
  const prefix = dir === "/" ? "/" : `${dir}/`;
  return { prefix, end: `${prefix.slice(0, -1)}0` };
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
  async finish(layer: CompletedLayer): Promise<boolean> {
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
 * write (see lib/layers/analysis/memory.ts). Strings come back out just before the database takes them.
 */
export class EntryRowBuffer {
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

/** One layer's entries as one array (what UnionFs.apply takes), implicit parents left out. */
export async function readLayerEntries(store: LayerStore, layerId: number): Promise<StoredEntry[]> {
  const all: StoredEntry[] = [];
  for await (const page of store.readLayer(layerId)) for (const entry of page) all.push(entry);
  return all;
}
