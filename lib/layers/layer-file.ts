/**
 * One file's bytes out of one layer of a `docker save` stream, without writing or buffering the
 * archive: the outer tar is read until the wanted layer comes by (other entries are drained), its
 * tar is parsed until the path comes by, and that entry's bytes are handed on as they arrive;
 * then the engine's stream is closed. The layer is recognised by the names the archive gives it
 * (legacy v1 folder, OCI blob digest): the store learnt them when the image was analysed.
 */
import { pipeline, Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import { extract, type Extract as TarExtract } from "tar-stream";
import { sniffArchive } from "@/lib/archive/sniff";
import { normalizeLayerPath } from "@/lib/layers/analysis/paths";

type Entry = TarExtract extends AsyncIterable<infer Source> ? Source : never;

/** How the archive names a layer (the subset of walk's LayerCandidate this needs). */
export type ArchiveLayerName = { v1Id: string | null; blobDigest: string | null };

const LEGACY_LAYER = /^([0-9a-f]{64})\/layer\.tar$/;
const OCI_BLOB = /^blobs\/([a-z0-9]+)\/([0-9a-f]{32,128})$/;

function layerNameOf(name: string): ArchiveLayerName | null {
  const legacy = LEGACY_LAYER.exec(name);
  if (legacy) return { v1Id: legacy[1]!, blobDigest: null };
  const blob = OCI_BLOB.exec(name);
  if (blob) return { v1Id: null, blobDigest: `${blob[1]}:${blob[2]}` };
  return null;
}

async function drain(entry: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of entry) {
    // discard
  }
}

/** Copies chunks into a tar parser with back-pressure; errors end up in the parser. */
async function feed(chunks: AsyncIterable<Buffer>, parser: TarExtract): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (!parser.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            parser.off("drain", done);
            parser.off("close", done);
            resolve();
          };
          parser.on("drain", done);
          parser.on("close", done);
        });
      }
      if (parser.destroyed) return;
    }
    parser.end(undefined);
  } catch (error) {
    parser.destroy(error as Error);
  }
}

/** The entry's bytes, decompressed as its first bytes say (plain, gzip or zstd). */
async function* layerTar(entry: Entry, zstd: (() => Transform) | undefined): AsyncGenerator<Buffer> {
  const iterator = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < 512) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  async function* raw(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const kind = sniffArchive(Buffer.concat(head).subarray(0, 512));
  const decoder = kind === "gzip" ? zlib.createGunzip() : kind === "zstd" && zstd ? zstd() : null;
  if (kind === "zstd" && !zstd) throw new Error("zstd-compressed layer and no zstd decoder");
  if (!decoder) {
    yield* raw();
    return;
  }
  yield* pipeline(Readable.from(raw(), { objectMode: false }), decoder, () => undefined) as AsyncIterable<Buffer>;
}

/**
 * Finds `path` (a regular file) in the layer `isLayer` picks and streams its bytes. Resolves when
 * the file's header has been seen: null when the archive ended without that layer or the layer
 * without that file. Destroying the returned stream closes the engine's stream.
 *
 * @example
 * const stream = await openFileInArchive({ open: () => saveImageFromEngine(id), isLayer, path: "/etc/hostname" });
 * stream?.pipe(process.stdout);
 */
export async function openFileInArchive({
  open,
  isLayer,
  path,
  zstd,
}: {
  open: () => Promise<Readable> | Readable;
  isLayer: (layer: ArchiveLayerName) => boolean;
  path: string;
  zstd?: () => Transform;
}): Promise<Readable | null> {
  const source = await open();
  const outer = extract();
  const parsers: TarExtract[] = [outer];
  const close = () => {
    source.destroy();
    for (const parser of parsers) parser.destroy();
  };
  void feed(source as AsyncIterable<Buffer>, outer);

  /** Yields `true` once the file is found, then its chunks. */
  async function* search(): AsyncGenerator<Buffer | true> {
    try {
      for await (const entry of outer) {
        const name = entry.header.name.replace(/^(\.\/)+/, "");
        const layer = entry.header.type === "file" ? layerNameOf(name) : null;
        if (!layer || !isLayer(layer)) {
          await drain(entry);
          continue;
        }
        const inner = extract();
        parsers.push(inner);
        void feed(layerTar(entry, zstd), inner);
        for await (const file of inner) {
          const type = file.header.type;
          if ((type === "file" || type === "contiguous-file") && normalizeLayerPath(file.header.name) === path) {
            yield true;
            yield* file as AsyncIterable<Buffer>;
            return;
          }
          await drain(file);
        }
        return;
      }
    } finally {
      close();
    }
  }

  const chunks = search();
  try {
    const first = await chunks.next();
    if (first.done) return null;
  } catch (error) {
    close();
    throw error;
  }
  return Readable.from(chunks as AsyncGenerator<Buffer>, { objectMode: false });
}
