/**
 * A layer tar read synchronously as its bytes arrive: headers decoded in place, regular files'
 * content hashed chunk by chunk, finished entries collected for the caller to take in batches.
 *
 * Why not tar-stream here (it still reads the outer `docker save` archive, which has a handful of
 * entries): it makes a stream, a header object, promises and, for headers that straddle two
 * chunks, a copy, for every entry of every layer, and waits on the event loop between entries. On
 * the 50,000-file benchmark image that per-entry machinery took more CPU than hashing the bytes
 * and filled the heap with short-lived objects (the server's peak RSS grew with every analysis
 * until the next full GC). A layer's entries only need their header fields and a content hash,
 * both computable while the chunk is in hand. Its header decoder is not exported
 * (`tar-stream/headers` is outside the package's exports), so the few formats Docker, Podman and
 * `docker import` write are decoded here the same way: ustar (with its name prefix), GNU (long
 * names `L`/`K`, base-256 sizes) and pax (`x` / `g` records: path, linkpath, size, uid, gid).
 */
import type { XXHashAPI } from "xxhash-wasm";
import { normalizeLayerPath, whiteoutOf } from "@/lib/layers/analysis/paths";
import type { LayerEntry } from "@/lib/layers/analysis/types";

/** The file content hash as stored: 16 hex digits of xxHash64. */
export const CONTENT_HASH_LENGTH = 16;

const BLOCK = 512;
/** Largest pax or GNU long-name record kept (tar-stream's limit too). */
const MAX_LONG_HEADER = 4 * 1024 * 1024;
const USTAR_MAGIC = Buffer.from("ustar\u0000", "latin1");
const GNU_MAGIC = Buffer.from("ustar ", "latin1");
const GNU_VERSION = Buffer.from(" \u0000", "latin1");

type Hasher = ReturnType<XXHashAPI["create64"]>;

/** What the current entry's data bytes are for. */
type DataTarget =
  | { kind: "file"; entry: LayerEntry; hasher: Hasher | null; firstChunk: Uint8Array | null }
  | { kind: "long"; type: "pax" | "pax-global" | "gnu-path" | "gnu-link"; body: Buffer; filled: number }
  | { kind: "skip" };

type Overrides = { path?: string; linkpath?: string; size?: string; uid?: string; gid?: string };

/**
 * Parses one uncompressed layer tar written to it chunk by chunk.
 *
 * @example
 * const reader = new LayerTarReader(await xxhash());
 * for await (const chunk of layerTar) {
 *   reader.write(chunk);
 *   if (reader.pending.length >= 2000) await store(reader.take());
 * }
 * reader.end();
 * await store(reader.take());
 */
export class LayerTarReader {
  /** Finished entries not taken yet, in tar order. */
  pending: LayerEntry[] = [];
  entryCount = 0;
  /** Sum of regular files' content sizes. */
  contentBytes = 0;
  private readonly header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** Data bytes of the current entry still to come, then the padding to the next block. */
  private remaining = 0;
  private padding = 0;
  private target: DataTarget = { kind: "skip" };
  private pax: Overrides | null = null;
  private paxGlobal: Overrides | null = null;
  private gnuLongPath: string | null = null;
  private gnuLongLink: string | null = null;

  constructor(private readonly hashApi: XXHashAPI) {}

  /** Reads a chunk; finished entries go to `pending`. Throws on a header that is not tar. */
  write(chunk: Uint8Array): void {
    let offset = 0;
    const length = chunk.length;
    while (offset < length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, length - offset);
        this.data(chunk.subarray(offset, offset + take), take === this.remaining);
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) this.endData();
        continue;
      }
      if (this.padding > 0) {
        const skip = Math.min(this.padding, length - offset);
        this.padding -= skip;
        offset += skip;
        continue;
      }
      // A whole header in this chunk is read where it is; one split across chunks is gathered.
      if (this.headerFill === 0 && length - offset >= BLOCK) {
        this.readHeader(chunk.subarray(offset, offset + BLOCK));
        offset += BLOCK;
        continue;
      }
      const take = Math.min(BLOCK - this.headerFill, length - offset);
      this.header.set(chunk.subarray(offset, offset + take), this.headerFill);
      this.headerFill += take;
      offset += take;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader(this.header);
      }
    }
  }

  /** The tar is over: throws when it stopped inside an entry or a header. */
  end(): void {
    if (this.remaining > 0 || this.headerFill > 0 || this.padding > 0) throw new Error("Unexpected end of data");
  }

  /** Hands over the finished entries. */
  take(): LayerEntry[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  private readHeader(block: Uint8Array): void {
    const sum = checksum(block);
    // An all-zero block (end of archive, or padding some writers add): nothing to read.
    if (sum === 8 * 32) return;
    if (sum !== decodeNumber(block, 148, 8)) throw new Error("Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?");
    const ustar = equalsAt(block, 257, USTAR_MAGIC);
    if (!ustar && !(equalsAt(block, 257, GNU_MAGIC) && equalsAt(block, 263, GNU_VERSION))) {
      throw new Error("Invalid tar header: unknown format.");
    }
    const flag = block[156]!;
    let size = decodeNumber(block, 124, 12);
    if (!(size >= 0)) throw new Error("Invalid header");

    // Records that describe the next entry.
    const longType =
      flag === 0x78
        ? "pax"
        : flag === 0x67
          ? "pax-global"
          : flag === 0x4c || flag === 0x4e
            ? "gnu-path"
            : flag === 0x4b
              ? "gnu-link"
              : null;
    if (longType) {
      if (size > MAX_LONG_HEADER) throw new Error("Header exceeds max size");
      this.begin({ kind: "long", type: longType, body: Buffer.allocUnsafe(size), filled: 0 }, size);
      return;
    }

    let name = decodeString(block, 0, 100);
    if (ustar && block[345] !== 0) name = `${decodeString(block, 345, 155)}/${name}`;
    let linkname = block[157] === 0 ? null : decodeString(block, 157, 100);
    let uid = decodeNumber(block, 108, 8);
    let gid = decodeNumber(block, 116, 8);
    if (this.gnuLongPath !== null) name = this.gnuLongPath;
    if (this.gnuLongLink !== null) linkname = this.gnuLongLink;
    this.gnuLongPath = null;
    this.gnuLongLink = null;
    // A global record applies through the next local one (as tar-stream reads them).
    const pax = this.pax;
    this.pax = null;
    if (pax) {
      if (pax.path) name = pax.path;
      if (pax.linkpath) linkname = pax.linkpath;
      if (pax.size) size = parseInt(pax.size, 10);
      if (pax.uid) uid = parseInt(pax.uid, 10);
      if (pax.gid) gid = parseInt(pax.gid, 10);
      if (!(size >= 0)) throw new Error("Invalid header");
    }

    // Old tars mark a directory by a trailing slash on a regular file's name.
    const regular = flag === 0x30 || flag === 0;
    const type =
      (regular && name.endsWith("/")) || flag === 0x35
        ? "directory"
        : regular || flag === 0x37
          ? "file"
          : flag === 0x31
            ? "link"
            : flag === 0x32
              ? "symlink"
              : "other";
    // A directory's size is not content (tar-stream skips it the same way).
    if (type === "directory") size = 0;
    this.emitEntry(name, type, size, linkname, {
      mode: decodeNumber(block, 100, 8) & 0o7777,
      uid,
      gid,
    });
  }

  /** Records one entry (as `LayerEntry`, or nothing for what no container sees) and reads its data. */
  private emitEntry(
    name: string,
    type: "file" | "link" | "symlink" | "directory" | "other",
    size: number,
    linkname: string | null,
    base: { mode: number; uid: number; gid: number },
  ): void {
    const path = normalizeLayerPath(name);
    // Go's archive/tar (the engine's layer writer) puts the file-type bits in the mode (`0040755`
    // for a built layer's directory) while imported tars usually do not: `base.mode` keeps
    // permission bits only.
    const marker = path === "/" ? "ignore" : whiteoutOf(path);
    let entry: LayerEntry | null;
    if (marker === "ignore") entry = null;
    else if (marker) entry = { path: marker.path, type: marker.type, size: 0, ...base, linkTarget: null, hash: null };
    else if (type === "file") {
      entry = { path, type: "file", size, ...base, linkTarget: null, hash: null };
      this.contentBytes += size;
      this.entryCount += 1;
      this.begin({ kind: "file", entry, hasher: null, firstChunk: null }, size);
      return;
    } else if (type === "link") {
      entry = { path, type: "hardlink", size: 0, ...base, linkTarget: normalizeLayerPath(linkname ?? ""), hash: null };
    } else if (type === "symlink") entry = { path, type: "symlink", size: 0, ...base, linkTarget: linkname ?? "", hash: null };
    else if (type === "directory") entry = { path, type: "dir", size: 0, ...base, linkTarget: null, hash: null };
    else entry = { path, type: "other", size: 0, ...base, linkTarget: null, hash: null };
    if (entry) {
      this.pending.push(entry);
      this.entryCount += 1;
    }
    this.begin({ kind: "skip" }, size);
  }

  private begin(target: DataTarget, size: number): void {
    this.target = target;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.endData();
  }

  private data(bytes: Uint8Array, last: boolean): void {
    const target = this.target;
    if (target.kind === "file") {
      // Most small files arrive in one chunk: hash those in one call, without a streaming state.
      if (target.hasher === null && target.firstChunk === null && last) {
        target.entry.hash = hex(this.hashApi.h64Raw(bytes));
        return;
      }
      if (target.hasher === null) target.hasher = this.hashApi.create64();
      target.hasher.update(bytes);
    } else if (target.kind === "long") {
      target.body.set(bytes, target.filled);
      target.filled += bytes.length;
    }
  }

  private endData(): void {
    const target = this.target;
    this.target = { kind: "skip" };
    if (target.kind === "file") {
      if (target.entry.hash === null)
        target.entry.hash = hex(target.hasher ? target.hasher.digest() : this.hashApi.h64Raw(new Uint8Array(0)));
      this.pending.push(target.entry);
    } else if (target.kind === "long") {
      if (target.type === "gnu-path") this.gnuLongPath = decodeString(target.body, 0, target.body.length);
      else if (target.type === "gnu-link") this.gnuLongLink = decodeString(target.body, 0, target.body.length);
      else if (target.type === "pax-global") this.paxGlobal = decodePax(target.body);
      else this.pax = { ...this.paxGlobal, ...decodePax(target.body) };
    }
  }
}

function hex(value: bigint): string {
  return value.toString(16).padStart(CONTENT_HASH_LENGTH, "0");
}

function checksum(block: Uint8Array): number {
  let sum = 8 * 32;
  for (let index = 0; index < 148; index++) sum += block[index]!;
  for (let index = 156; index < BLOCK; index++) sum += block[index]!;
  return sum;
}

function equalsAt(block: Uint8Array, offset: number, expected: Buffer): boolean {
  for (let index = 0; index < expected.length; index++) if (block[offset + index] !== expected[index]) return false;
  return true;
}

/** A NUL-terminated field (UTF-8). */
function decodeString(block: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && block[end] !== 0) end++;
  return Buffer.from(block.buffer, block.byteOffset + offset, end - offset).toString("utf8");
}

/** An octal field (space or NUL padded), or GNU's base-256 for values octal cannot hold. */
function decodeNumber(block: Uint8Array, offset: number, length: number): number {
  const first = block[offset]!;
  if (first & 0x80) {
    // Base-256: 0x80 for positive, 0xff for a two's-complement negative.
    const positive = first === 0x80;
    if (!positive && first !== 0xff) return NaN;
    let value = 0;
    for (let index = offset + 1; index < offset + length; index++) value = value * 256 + (positive ? block[index]! : 0xff - block[index]!);
    return positive ? value : -value;
  }
  let index = offset;
  const end = offset + length;
  while (index < end && (block[index] === 0x20 || block[index] === 0)) index++;
  let value = 0;
  let digits = 0;
  for (; index < end; index++) {
    const byte = block[index]!;
    if (byte < 0x30 || byte > 0x37) break;
    value = value * 8 + (byte - 0x30);
    digits++;
  }
  return digits === 0 ? 0 : value;
}

/** pax records: `LEN key=value\n`, LEN counting the whole record. */
function decodePax(body: Buffer): Overrides {
  const result: Record<string, string> = {};
  let rest = body;
  while (rest.length > 0) {
    let space = 0;
    while (space < rest.length && rest[space] !== 0x20) space++;
    const length = parseInt(rest.subarray(0, space).toString("latin1"), 10);
    if (!length) break;
    const record = rest.subarray(space + 1, length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals === -1) break;
    result[record.slice(0, equals)] = record.slice(equals + 1);
    rest = rest.subarray(length);
  }
  return result as Overrides;
}
