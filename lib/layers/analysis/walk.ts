/**
 * Streaming reader of a `docker save` archive: the outer tar is parsed as it arrives and every layer
 * tar inside it is parsed while it streams past, so an image of any size is read with a fixed
 * amount of memory (the archive is never written to disk nor held in memory; file contents are
 * hashed and dropped).
 *
 * Layouts (both handled, told apart by their metadata, never by the engine's version):
 * - Legacy (Docker ≤ 24): `<v1-id>/layer.tar`, `<v1-id>/json`, the image config
 *   `<config-hex>.json` and `manifest.json`. Docker 20.10 writes the files in lexical order
 *   of their names, so layer folders come in the order of their v1 IDs (not stack order), the
 *   config mid-stream and `manifest.json` last. A layer whose diff ID repeats in the stack is
 *   written once; the later folder's `layer.tar` is a symlink to the first.
 * - Podman's docker-archive: the same files, but each layer is stored once as `<diff-id-hex>.tar`
 *   at the top level (uncompressed, named by its digest) and every `<v1-id>/layer.tar` is a
 *   symlink to it; `manifest.json` lists the `<hex>.tar` names.
 * - OCI (Docker 25+, skopeo/podman oci-archive): `blobs/sha256/<hex>` for layers, configs and
 *   manifests alike, then `index.json` (and, from Docker, a legacy-style `manifest.json`).
 *
 * Which stored layer is which stack position is settled at the end from the manifest's layer list
 * and the config's `rootfs.diff_ids` (same order). A layer whose name does not already say which
 * layer it is (see `WalkOptions.diffIds`) is hashed while it is parsed: the sha256 of the
 * uncompressed tar *is* the diff ID, so a layer found mid-stream is placed as soon as the config
 * is known, and the manifest's claim is checked against the bytes.
 *
 * Layer blobs may be plain, gzip or zstd tars: the compression is sniffed from the magic bytes,
 * never trusted from names or media types. zstd needs a decoder: Node ≥ 22.15 has one in zlib; on
 * Node 20 pass `decompressors.zstd` (e.g. from the `fzstd` package) or the layer is reported as
 * `unsupported` (its bytes are drained, the walk goes on).
 */
import { createHash } from "node:crypto";
import { finished, pipeline, Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import { extract, type Extract as TarExtract } from "tar-stream";
import xxhashWasm, { type XXHashAPI } from "xxhash-wasm";
import { sniffArchive } from "@/lib/archive/sniff";
import { AppError } from "@/lib/errors";
import { LayerTarReader } from "@/lib/layers/analysis/layer-tar";
import { normalizeLayerPath } from "@/lib/layers/analysis/paths";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { nonTopV1Ids } from "@/lib/layers/v1-id";

/** One entry of a tar being parsed (tar-stream does not export the name of its entry type). */
type Entry = TarExtract extends AsyncIterable<infer Source> ? Source : never;

/** How a layer blob was stored. */
export type LayerCompression = "none" | "gzip" | "zstd" | "xz" | "bzip2";

/**
 * A layer tar as met in the archive, before its bytes are read. `key` is its path in the archive
 * (`<v1-id>/layer.tar`, `blobs/sha256/<hex>`); entry batches are labelled with it because the
 * diff ID is only known once the layer has been hashed.
 */
export type LayerCandidate = {
  key: string;
  /** Legacy layout: the layer folder's name. */
  v1Id: string | null;
  /** OCI layout: the blob's digest (`sha256:<hex>`); for an uncompressed blob it equals the diff ID. */
  blobDigest: string | null;
  /** Bytes of the layer as stored in the archive (compressed size for a compressed blob). */
  blobBytes: number;
};

export type LayerWalkStatus = "parsed" | "skipped" | "unsupported";

/** A layer once its bytes have gone by. */
export type WalkedLayer = LayerCandidate & {
  status: LayerWalkStatus;
  compression: LayerCompression | null;
  /**
   * The layer's diff ID: the sha256 of its uncompressed tar, or, when the layer was identified by
   * its name before its bytes (see `WalkOptions.diffIds`), the diff ID that name stands for; null
   * when the layer was skipped or could not be read.
   */
  diffId: string | null;
  /** True when `diffId` was computed from the bytes (not taken from the layer's name). */
  hashed: boolean;
  /** Uncompressed tar bytes (0 unless parsed). */
  tarBytes: number;
  entryCount: number;
  /** Sum of regular files' content sizes. */
  contentBytes: number;
  /** Stack positions of this layer, when the config has been seen already (else null). */
  stackIndexes: number[] | null;
  /** Why an `unsupported` layer could not be read. */
  note: string | null;
};

/** A stack position, once the whole archive has been read. Index 0 is the base. */
export type StackLayer = WalkedLayer & {
  index: number;
  /** The config's diff ID for this position (equal to the hashed one whenever it was hashed). */
  diffId: string;
  /** True when the bytes were hashed and matched the config (false for layers identified by name). */
  verified: boolean;
};

export type WalkPhase = "preparing" | "reading" | "done";

/**
 * Progress of one walk. Before the first byte the engine is still preparing the archive (Docker
 * 20.10 exports every layer to a temporary directory first: most of the time for a small image),
 * so `phase` is `preparing` and only `elapsedMs` moves; showing 0 % there would be a lie.
 * `totalBytes` is the caller's estimate (e.g. the image's size), null when unknown; the archive
 * is a little larger (tar headers), so a UI should clamp the fraction below 1 until `done`.
 */
export type WalkProgress = {
  phase: WalkPhase;
  elapsedMs: number;
  /** How long the engine took to send the first byte; null while still waiting. */
  preparingMs: number | null;
  bytesRead: number;
  totalBytes: number | null;
  layersDone: number;
  /** Number of layers in the image once the config has been read. */
  layersTotal: number | null;
  /** The layer being read, if any. */
  layer: { key: string; bytesRead: number; blobBytes: number } | null;
};

/** The subset of an image config the walk needs (the rest is passed through untouched). */
export type ImageConfigJson = {
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  [key: string]: unknown;
};

export type WalkResult = {
  /** `sha256:<config digest>`: the engine's image ID. */
  imageId: string;
  layout: "legacy" | "oci";
  config: ImageConfigJson;
  repoTags: string[];
  /** Stack order, base first. */
  layers: StackLayer[];
  bytesRead: number;
  elapsedMs: number;
  preparingMs: number;
};

export type WalkSink = {
  /** Called often (throttled); must not block. */
  onProgress?: (progress: WalkProgress) => void;
  onLayerStart?: (layer: LayerCandidate) => void | Promise<void>;
  /** A batch of one layer's entries, in tar order; the walk waits for a returned promise. */
  onEntries?: (batch: { key: string; entries: LayerEntry[] }) => void | Promise<void>;
  onLayerEnd?: (layer: WalkedLayer) => void | Promise<void>;
};

export type WalkOptions = {
  /** Opens the `docker save` stream (e.g. `() => saveImageFromEngine(ref)`); called once. */
  open: () => Promise<Readable> | Readable;
  /** Expected archive size for the progress fraction (the image's size is a good estimate). */
  totalBytes?: number | null;
  /**
   * Says whether a layer's bytes can be drained without hashing or parsing (e.g. the store already
   * holds that layer). The diff ID of a layer is only known after hashing, so the decision has to
   * come from what is known before the bytes: in the OCI layout the blob digest (which *is* the
   * diff ID for an uncompressed blob, and can be remembered as an alias for a compressed one); in
   * the legacy layout the v1 ID, remembered from an earlier walk (`WalkedLayer.v1Id` → `diffId`).
   * Docker derives a non-top layer's v1 ID from its chain ID alone (moby image/tarexport/save.go:
   * `v1.CreateID` over an empty config created at the epoch), so every image stacking the same
   * layers writes the same folder names for them; only the top layer's v1 ID depends on the image.
   * A skipped layer's diff ID is still settled at the end from manifest and config.
   */
  skipLayer?: (layer: LayerCandidate) => boolean | Promise<boolean>;
  /**
   * The image's diff IDs as the engine's inspect lists them (`RootFS.Layers`, base first), when the
   * caller knows them. A layer whose archive name already says which of them it is is parsed
   * without hashing its whole tar (one SHA-256 pass less over every byte): an OCI or Podman blob
   * named by its digest when that digest is one of them (an uncompressed blob's digest is its diff
   * ID); a legacy `<v1-id>/layer.tar` whose folder has the v1 ID Docker gives that stack position
   * below the top (lib/layers/v1-id.ts), or, for the top layer, whose `<v1-id>/json` (written just
   * before it) names the layer below as its parent. Layers found by none of these are hashed as
   * before, and every layer is still checked against the config's list at the end.
   */
  diffIds?: readonly string[];
  /** Entries per `onEntries` call (default 2000). */
  batchSize?: number;
  /** Minimum time between progress calls (default 200 ms). */
  progressIntervalMs?: number;
  /** Decoders for compressions Node's zlib lacks here (zstd on Node 20). */
  decompressors?: { zstd?: () => Transform };
  /** Which image of a multi-image archive, by ID; the first one when absent. */
  imageId?: string;
  signal?: AbortSignal;
};

const DEFAULT_BATCH = 2000;
const DEFAULT_PROGRESS_MS = 200;
/** Largest metadata file (manifest, config, index) read into memory; configs with long histories are ~100 kB. */
const MAX_METADATA_BYTES = 16 * 1024 * 1024;

const LEGACY_LAYER = /^([0-9a-f]{64})\/layer\.tar$/;
const LEGACY_LAYER_JSON = /^([0-9a-f]{64})\/json$/;
/** Largest `<v1-id>/json` read for its `parent` (the top layer's carries the image config). */
const MAX_LEGACY_JSON_BYTES = 1024 * 1024;

/**
 * xxHash64 (WebAssembly, no native build): the per-file content hash only has to tell "same
 * content" from "other content" between versions of a path and across files of one image, which a
 * 64-bit non-cryptographic hash does (a collision among 10⁶ files: ~3·10⁻⁸), at several times
 * SHA-256's speed (measured here: 2.9 GB/s against 0.7 GB/s on the same loaded core).
 */
let contentHasher: Promise<XXHashAPI> | null = null;
function contentHashApi(): Promise<XXHashAPI> {
  contentHasher ??= xxhashWasm();
  return contentHasher;
}

const PODMAN_LAYER = /^([0-9a-f]{64})\.tar$/;
const OCI_BLOB = /^blobs\/([a-z0-9]+)\/([0-9a-f]{32,128})$/;
const TOP_LEVEL_JSON = /^[^/]+\.json$/;

/**
 * Reads a `docker save` stream once, reporting each layer's entries in batches as they are parsed.
 * Resolves with the stack (layers in image order with their diff IDs) when the archive ends.
 *
 * @example
 * const result = await walkImageArchive(
 *   { open: () => saveImageFromEngine("seed/fat:1"), totalBytes: image.size },
 *   { onEntries: ({ key, entries }) => store.append(key, entries), onProgress: report },
 * );
 * result.layers.map((layer) => layer.diffId); // base first
 */
export async function walkImageArchive(options: WalkOptions, sink: WalkSink = {}): Promise<WalkResult> {
  const walk = new ArchiveWalk(options, sink);
  return walk.run();
}

/**
 * The same walk as an async iterator of events, for a caller that streams them on (NDJSON). The
 * walk waits while the consumer handles an `entries` or layer event (back-pressure); progress
 * events are coalesced when the consumer is slower than they come. Breaking out of the loop
 * aborts the walk and closes the engine's stream.
 *
 * @example
 * for await (const event of walkImageArchiveEvents({ open })) {
 *   if (event.type === "entries") rows.push(...event.entries);
 *   if (event.type === "done") console.log(event.result.layers.length);
 * }
 */
export async function* walkImageArchiveEvents(options: WalkOptions): AsyncGenerator<WalkEvent, void, undefined> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });

  type Queued = { event: WalkEvent; ack: (() => void) | null };
  const queue: Queued[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  let stopped = false;
  const push = (event: WalkEvent, waitForConsumer: boolean): Promise<void> | void => {
    // After the consumer has gone, the walk only needs to unwind.
    if (stopped) return;
    if (!waitForConsumer) {
      const last = queue[queue.length - 1];
      if (last && last.event.type === "progress") last.event = event;
      else queue.push({ event, ack: null });
      notify();
      return;
    }
    return new Promise<void>((resolve) => {
      queue.push({ event, ack: resolve });
      notify();
    });
  };

  let finished = false;
  let failure: { error: unknown } | null = null;
  const running = walkImageArchive(
    { ...options, signal: controller.signal },
    {
      onProgress: (progress) => push({ type: "progress", progress }, false),
      onLayerStart: (layer) => push({ type: "layer-start", layer }, true),
      onEntries: ({ key, entries }) => push({ type: "entries", key, entries }, true),
      onLayerEnd: (layer) => push({ type: "layer-end", layer }, true),
    },
  ).then(
    (result) => {
      queue.push({ event: { type: "done", result }, ack: null });
      finished = true;
      notify();
    },
    (error: unknown) => {
      failure = { error };
      finished = true;
      notify();
    },
  );

  let unacknowledged: (() => void) | null = null;
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        unacknowledged = next.ack;
        yield next.event;
        // Acknowledged only when the consumer asks for more: it has handled the event.
        unacknowledged = null;
        next.ack?.();
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    stopped = true;
    if (!finished) {
      controller.abort(new Error("the consumer stopped reading the analysis"));
      (unacknowledged as (() => void) | null)?.();
      for (const item of queue.splice(0)) item.ack?.();
      await running;
    }
  }
}

export type WalkEvent =
  | { type: "progress"; progress: WalkProgress }
  | { type: "layer-start"; layer: LayerCandidate }
  | { type: "entries"; key: string; entries: LayerEntry[] }
  | { type: "layer-end"; layer: WalkedLayer }
  | { type: "done"; result: WalkResult };

class ArchiveWalk {
  private readonly started = Date.now();
  private firstByteAt: number | null = null;
  private bytesRead = 0;
  private lastProgressAt = 0;
  private current: { key: string; bytesRead: number; blobBytes: number } | null = null;
  private readonly walked = new Map<string, WalkedLayer>();
  /** Legacy duplicate layers: `<v1>/layer.tar` symlinks → the key they point at. */
  private readonly aliases = new Map<string, string>();
  private readonly metadata = new Map<string, Buffer>();
  /** Diff IDs from the first config seen mid-stream, to place layers before the manifest arrives. */
  private earlyDiffIds: string[] | null = null;
  /** Legacy layout: the stack position each known folder name stands for (see WalkOptions.diffIds). */
  private readonly positionOfV1Id = new Map<string, number>();
  /** Legacy layout: `<v1-id>/json`'s parent, read before that folder's layer.tar. */
  private readonly parentOfV1Id = new Map<string, string | null>();
  private hashApi: XXHashAPI | null = null;
  private source: Readable | null = null;
  private outer: TarExtract | null = null;

  constructor(
    private readonly options: WalkOptions,
    private readonly sink: WalkSink,
  ) {}

  async run(): Promise<WalkResult> {
    const { signal } = this.options;
    signal?.throwIfAborted();
    const ticker = setInterval(() => this.progress(true), this.options.progressIntervalMs ?? DEFAULT_PROGRESS_MS);
    const onAbort = () => this.fail(signal?.reason instanceof Error ? signal.reason : new Error("the analysis was aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    this.progress(true);
    try {
      this.hashApi = await contentHashApi();
      const diffIds = this.options.diffIds ?? [];
      // The top layer's folder name depends on the image; the others' only on the layers below.
      nonTopV1Ids(diffIds)
        .slice(0, -1)
        .forEach((v1Id, index) => this.positionOfV1Id.set(v1Id, index));
      this.source = await this.options.open();
      signal?.throwIfAborted();
      const outer = extract();
      this.outer = outer;
      const feeding = this.feed(this.source, outer);
      for await (const entry of outer) {
        clearInterval(ticker);
        await this.handleOuterEntry(entry);
      }
      await feeding;
      signal?.throwIfAborted();
      const result = this.resolve();
      this.current = null;
      this.emitProgress("done");
      return result;
    } finally {
      clearInterval(ticker);
      signal?.removeEventListener("abort", onAbort);
      this.source?.destroy();
      this.outer?.destroy();
    }
  }

  private fail(error: Error): void {
    this.source?.destroy(error);
    this.outer?.destroy(error);
  }

  /**
   * Copies the engine's stream into the outer tar parser, counting bytes and honouring
   * back-pressure. 'data' events with pause/resume rather than an async iterator: the iterator's
   * `read()` joins whatever chunks wait in the stream's buffer into a new Buffer, a copy of most
   * of the archive when the parser is the slower side (measured: 0.86 s against 0.52 s of CPU per
   * GB read over HTTP, the rest of the analysis aside).
   */
  private feed(source: Readable, outer: TarExtract): Promise<void> {
    return new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        if (this.firstByteAt === null) this.firstByteAt = Date.now();
        this.bytesRead += chunk.length;
        if (outer.write(chunk) || outer.destroyed) return;
        source.pause();
        void drained(outer).then(() => outer.destroyed || source.resume());
      };
      source.on("data", onData);
      // Also settles on an error or a connection closed before the end (the archive is truncated).
      finished(source, (error) => {
        source.off("data", onData);
        if (error) outer.destroy(error);
        else outer.end(undefined);
        resolve();
      });
    });
  }

  private async handleOuterEntry(entry: Entry): Promise<void> {
    const { header } = entry;
    const name = header.name.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
    const size = header.size ?? 0;
    if (header.type === "directory") return drain(entry);

    const legacy = LEGACY_LAYER.exec(name);
    if (legacy) {
      if (header.type === "symlink" || header.type === "link") {
        // A repeated diff ID: Docker writes the layer once and links the later folder to it.
        const target = header.type === "link" ? (header.linkname ?? "") : `${legacy[1]}/${header.linkname ?? ""}`;
        this.aliases.set(name, normalizeLayerPath(target).slice(1));
        return drain(entry);
      }
      return this.handleLayer(entry, { key: name, v1Id: legacy[1]!, blobDigest: null, blobBytes: size });
    }

    const legacyJson = LEGACY_LAYER_JSON.exec(name);
    if (legacyJson && this.options.diffIds && size <= MAX_LEGACY_JSON_BYTES) {
      const parts: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) parts.push(chunk);
      const parent = (parseJson(Buffer.concat(parts)) as { parent?: unknown } | null)?.parent;
      this.parentOfV1Id.set(legacyJson[1]!, typeof parent === "string" ? parent : null);
      return;
    }

    const blob = OCI_BLOB.exec(name);
    if (blob) {
      const chunks = new HeadReader(entry);
      const head = await chunks.head(512);
      if (looksLikeJson(head)) return this.keepMetadata(name, size, chunks);
      return this.handleLayer(entry, { key: name, v1Id: null, blobDigest: `${blob[1]}:${blob[2]}`, blobBytes: size }, chunks);
    }

    if (TOP_LEVEL_JSON.test(name)) return this.keepMetadata(name, size, new HeadReader(entry));
    const podman = PODMAN_LAYER.exec(name);
    if (podman) {
      // Podman (containers/image's docker-archive writer) stores each layer once, uncompressed, as
      // `<digest-hex>.tar` at the top level and links `<v1-id>/layer.tar` to it: the name is the
      // layer's digest, which for an uncompressed blob is its diff ID, as in the OCI layout.
      return this.handleLayer(entry, { key: name, v1Id: null, blobDigest: `sha256:${podman[1]}`, blobBytes: size });
    }
    if (/^[^/]+\.tar$/.test(name) || name.endsWith("/layer.tar")) {
      return this.handleLayer(entry, { key: name, v1Id: null, blobDigest: null, blobBytes: size });
    }
    return drain(entry);
  }

  private async keepMetadata(name: string, size: number, chunks: HeadReader): Promise<void> {
    if (size > MAX_METADATA_BYTES) return drainChunks(chunks.all());
    const parts: Buffer[] = [];
    for await (const chunk of chunks.all()) parts.push(chunk);
    const body = Buffer.concat(parts);
    this.metadata.set(name, body);
    if (this.earlyDiffIds === null) {
      const diffIds = (parseJson(body) as ImageConfigJson | null)?.rootfs?.diff_ids;
      if (Array.isArray(diffIds)) {
        this.earlyDiffIds = diffIds;
        for (const layer of this.walked.values()) layer.stackIndexes = this.stackIndexesOf(layer.diffId);
      }
    }
  }

  private stackIndexesOf(diffId: string | null): number[] | null {
    if (!this.earlyDiffIds || !diffId) return null;
    const indexes: number[] = [];
    this.earlyDiffIds.forEach((id, index) => id === diffId && indexes.push(index));
    return indexes;
  }

  private async handleLayer(entry: Entry, candidate: LayerCandidate, reader = new HeadReader(entry)): Promise<void> {
    // An OCI blob's head was already read to tell a layer from JSON metadata.
    this.current = { key: candidate.key, bytesRead: reader.consumedBytes, blobBytes: candidate.blobBytes };
    this.progress(true);
    await this.sink.onLayerStart?.(candidate);
    reader.onChunk = (length) => {
      this.current!.bytesRead += length;
      this.progress(false);
    };

    const base = {
      ...candidate,
      diffId: null,
      hashed: false,
      tarBytes: 0,
      entryCount: 0,
      contentBytes: 0,
      stackIndexes: null,
      note: null,
    };
    let layer: WalkedLayer;
    if ((await this.options.skipLayer?.(candidate)) === true) {
      await drainChunks(reader.all());
      layer = { ...base, status: "skipped", compression: null };
    } else {
      const head = await reader.head(512);
      const compression = compressionOf(head);
      const decoder = this.decoderFor(compression);
      if (decoder === "unsupported") {
        await drainChunks(reader.all());
        layer = { ...base, status: "unsupported", compression, note: unsupportedNote(compression) };
      } else {
        const tar = decoder ? decompress(reader.all(), decoder()) : reader.all();
        const parsed = await this.parseLayer(candidate.key, tar, this.diffIdByName(candidate));
        layer = { ...base, status: "parsed", compression, ...parsed };
        layer.stackIndexes = this.stackIndexesOf(layer.diffId);
      }
    }
    this.walked.set(candidate.key, layer);
    this.current = null;
    await this.sink.onLayerEnd?.({ ...layer });
    this.progress(true);
  }

  /** The diff ID a layer's archive name stands for, when the caller's diff IDs settle it (else null). */
  private diffIdByName(candidate: LayerCandidate): string | null {
    const diffIds = this.options.diffIds;
    if (!diffIds || diffIds.length === 0) return null;
    if (candidate.blobDigest) return diffIds.includes(candidate.blobDigest) ? candidate.blobDigest : null;
    if (!candidate.v1Id) return null;
    const position = this.positionOfV1Id.get(candidate.v1Id);
    if (position !== undefined) return diffIds[position]!;
    // Not a lower layer's name: the top layer's folder, if its json names the layer below it.
    const parent = this.parentOfV1Id.get(candidate.v1Id);
    const top = diffIds.length - 1;
    if (parent === undefined) return null;
    if (parent === null) return top === 0 ? diffIds[0]! : null;
    return this.positionOfV1Id.get(parent) === top - 1 ? diffIds[top]! : null;
  }

  private decoderFor(compression: LayerCompression): (() => Transform) | null | "unsupported" {
    if (compression === "none") return null;
    if (compression === "gzip") return () => zlib.createGunzip();
    if (compression === "zstd") {
      const fromZlib = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
      return this.options.decompressors?.zstd ?? (fromZlib ? () => fromZlib.call(zlib) : "unsupported");
    }
    return "unsupported";
  }

  /**
   * Parses one uncompressed layer tar, hashing each regular file, and the whole tar (the diff ID)
   * unless its name already said which layer it is (`knownDiffId`).
   */
  private async parseLayer(
    key: string,
    tar: AsyncIterable<Buffer>,
    knownDiffId: string | null,
  ): Promise<{ diffId: string; hashed: boolean; tarBytes: number; entryCount: number; contentBytes: number }> {
    const diffHash = knownDiffId ? null : createHash("sha256");
    const reader = new LayerTarReader(this.hashApi!);
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH;
    let tarBytes = 0;
    for await (const chunk of tar) {
      diffHash?.update(chunk);
      tarBytes += chunk.length;
      reader.write(chunk);
      if (reader.pending.length >= batchSize) await this.sink.onEntries?.({ key, entries: reader.take() });
    }
    reader.end();
    if (reader.pending.length > 0) await this.sink.onEntries?.({ key, entries: reader.take() });
    const { entryCount, contentBytes } = reader;
    const diffId = diffHash ? `sha256:${diffHash.digest("hex")}` : knownDiffId!;
    return { diffId, hashed: diffHash !== null, tarBytes, entryCount, contentBytes };
  }

  private progress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastProgressAt < (this.options.progressIntervalMs ?? DEFAULT_PROGRESS_MS)) return;
    this.emitProgress(this.firstByteAt === null ? "preparing" : "reading");
  }

  private emitProgress(phase: WalkPhase): void {
    this.lastProgressAt = Date.now();
    const current = this.current ? { ...this.current } : null;
    this.sink.onProgress?.({
      phase,
      elapsedMs: this.lastProgressAt - this.started,
      preparingMs: this.firstByteAt === null ? null : this.firstByteAt - this.started,
      bytesRead: this.bytesRead,
      totalBytes: this.options.totalBytes ?? null,
      layersDone: this.walked.size,
      layersTotal: this.earlyDiffIds?.length ?? null,
      layer: current,
    });
  }

  /** Settles the stack from manifest (or OCI index) and config, and checks hashed diff IDs against it. */
  private resolve(): WalkResult {
    const image = this.findImage();
    const configBody = this.metadata.get(image.configKey);
    const config = configBody ? (parseJson(configBody) as ImageConfigJson | null) : null;
    if (!config) throw archiveError(`the archive has no image config at ${image.configKey}`);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== image.layerKeys.length) {
      throw archiveError(`the manifest lists ${image.layerKeys.length} layers but the config has ${diffIds.length} diff IDs`);
    }
    const layers = image.layerKeys.map((listedKey, index): StackLayer => {
      const key = this.followAlias(listedKey);
      const walked = this.walked.get(key);
      if (!walked) throw archiveError(`layer ${index} (${listedKey}) is listed by the manifest but was not in the archive`);
      const diffId = diffIds[index]!;
      if (walked.diffId !== null && walked.diffId !== diffId) {
        const how = walked.hashed ? "hashes to" : "is named as";
        throw archiveError(`layer ${index} (${listedKey}) ${how} ${walked.diffId} but the config says ${diffId}`);
      }
      const stackIndexes = diffIds.flatMap((id, position) => (id === diffId ? [position] : []));
      return { ...walked, index, diffId, verified: walked.hashed, stackIndexes };
    });
    return {
      imageId: image.imageId,
      layout: image.layout,
      config,
      repoTags: image.repoTags,
      layers,
      bytesRead: this.bytesRead,
      elapsedMs: Date.now() - this.started,
      preparingMs: (this.firstByteAt ?? Date.now()) - this.started,
    };
  }

  private followAlias(key: string): string {
    let current = key;
    for (let hops = 0; hops < 8 && this.aliases.has(current); hops++) current = this.aliases.get(current)!;
    return current;
  }

  private findImage(): { imageId: string; configKey: string; layerKeys: string[]; repoTags: string[]; layout: "legacy" | "oci" } {
    const wanted = this.options.imageId?.replace(/^sha256:/, "");
    const manifestBody = this.metadata.get("manifest.json");
    const layout = [...this.metadata.keys()].some((key) => key.startsWith("blobs/")) || this.metadata.has("index.json") ? "oci" : "legacy";
    if (manifestBody) {
      type ManifestEntry = { Config?: string; RepoTags?: string[] | null; Layers?: string[] };
      const manifest = parseJson(manifestBody) as ManifestEntry[] | null;
      if (!Array.isArray(manifest) || manifest.length === 0) throw archiveError("manifest.json lists no image");
      const entry = wanted ? manifest.find((item) => digestHexOfKey(item.Config ?? "") === wanted) : manifest[0];
      if (!entry?.Config || !Array.isArray(entry.Layers))
        throw archiveError(`manifest.json has no entry for image ${this.options.imageId ?? ""}`);
      return {
        imageId: `sha256:${digestHexOfKey(entry.Config)}`,
        configKey: entry.Config,
        layerKeys: entry.Layers,
        repoTags: entry.RepoTags ?? [],
        layout,
      };
    }
    const indexBody = this.metadata.get("index.json");
    if (!indexBody) throw archiveError("the archive has neither manifest.json nor index.json: not a docker save archive");
    return this.findOciImage(parseJson(indexBody), wanted);
  }

  private findOciImage(
    index: unknown,
    wanted: string | undefined,
  ): { imageId: string; configKey: string; layerKeys: string[]; repoTags: string[]; layout: "oci" } {
    type Descriptor = { digest?: string; annotations?: Record<string, string> };
    type OciJson = { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
    let node = index as OciJson | null;
    const repoTags: string[] = [];
    // An index may point at another index (multi-platform); follow the first entry down to a manifest.
    for (let depth = 0; depth < 4 && node && Array.isArray(node.manifests); depth++) {
      const candidates = node.manifests;
      let chosen = candidates[0];
      if (wanted) {
        chosen =
          candidates.find((descriptor) => {
            const child = this.blob(descriptor.digest) as OciJson | null;
            return child?.config?.digest?.endsWith(wanted) || Array.isArray(child?.manifests);
          }) ?? chosen;
      }
      const tag = chosen?.annotations?.["io.containerd.image.name"] ?? chosen?.annotations?.["org.opencontainers.image.ref.name"];
      if (tag && repoTags.length === 0) repoTags.push(tag);
      node = this.blob(chosen?.digest) as OciJson | null;
    }
    if (!node?.config?.digest || !Array.isArray(node.layers)) throw archiveError("index.json does not lead to an image manifest");
    return {
      imageId: node.config.digest,
      configKey: blobKey(node.config.digest),
      layerKeys: node.layers.map((layer) => blobKey(layer.digest ?? "")),
      repoTags,
      layout: "oci",
    };
  }

  private blob(digest: string | undefined): unknown {
    const body = digest ? this.metadata.get(blobKey(digest)) : undefined;
    return body ? parseJson(body) : null;
  }
}

/**
 * Reads the first bytes of an entry to sniff it, then hands out every byte (head included) once.
 * `onChunk` sees the size of each chunk as it arrives (progress).
 */
class HeadReader {
  onChunk: ((length: number) => void) | null = null;
  consumedBytes = 0;
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private ended = false;

  constructor(entry: Entry) {
    this.iterator = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async head(size: number): Promise<Buffer> {
    while (this.bufferedBytes < size && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) this.ended = true;
      else {
        this.consumedBytes += next.value.length;
        this.onChunk?.(next.value.length);
        this.buffered.push(next.value);
        this.bufferedBytes += next.value.length;
      }
    }
    return Buffer.concat(this.buffered).subarray(0, size);
  }

  async *all(): AsyncGenerator<Buffer> {
    for (const chunk of this.buffered.splice(0)) yield chunk;
    this.bufferedBytes = 0;
    while (!this.ended) {
      const next = await this.iterator.next();
      if (next.done) break;
      this.consumedBytes += next.value.length;
      this.onChunk?.(next.value.length);
      yield next.value;
    }
    this.ended = true;
  }
}

function compressionOf(head: Buffer): LayerCompression {
  const kind = sniffArchive(head);
  // Anything else is read as a plain tar; a blob that is not one fails with the parser's message.
  return kind === "gzip" || kind === "zstd" || kind === "xz" || kind === "bzip2" ? kind : "none";
}

function unsupportedNote(compression: LayerCompression): string {
  return compression === "zstd"
    ? "zstd-compressed layer: this Node has no zstd decoder (zlib has one from Node 22.15; pass decompressors.zstd)"
    : `${compression}-compressed layer: not supported`;
}

function decompress(chunks: AsyncIterable<Buffer>, decoder: Transform): AsyncIterable<Buffer> {
  // pipeline destroys every stage on a failure, so iterating the decoder throws instead of hanging.
  return pipeline(Readable.from(chunks, { objectMode: false }), decoder, () => undefined) as AsyncIterable<Buffer>;
}

function looksLikeJson(head: Buffer): boolean {
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b; // { or [
  }
  return false;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

/** `abc.json` or `blobs/sha256/abc` → `abc`. */
function digestHexOfKey(key: string): string {
  return key.replace(/^blobs\/[a-z0-9]+\//, "").replace(/\.json$/, "");
}

function blobKey(digest: string): string {
  const colon = digest.indexOf(":");
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

function archiveError(message: string): AppError {
  return new AppError("upstream:image", `unreadable docker save archive: ${message}`);
}

async function drain(entry: Entry): Promise<void> {
  for await (const _chunk of entry as AsyncIterable<Buffer>) {
    // discard
  }
}

async function drainChunks(chunks: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of chunks) {
    // discard
  }
}

/** Resolves when a tar-stream (streamx) writable can take more, or has closed. */
function drained(stream: TarExtract): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}
