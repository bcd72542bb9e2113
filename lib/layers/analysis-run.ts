/**
 * One analysis of an image, from its `docker save` stream to the answer of
 * `GET /api/images/{ref}/analysis`, with the store in between:
 *
 * 1. walk the archive once (lib/layers/analysis/walk.ts); each parsed layer's entries go to the
 *    store as they arrive, and layers the store already holds (found by the names the archive
 *    gives them: legacy v1 IDs, OCI blob digests) are skipped byte by byte;
 * 2. fold the layers in stack order from the store as each becomes available (during the walk's
 *    waits for the engine), one layer in memory at a time (WasteFold keeps only the union of
 *    visible paths);
 * 3. align history steps to layers with the config's `empty_layer` flags, advise, and store the
 *    result by image ID.
 *
 * No engine access here: the caller passes how to open the archive, so the dashboard and the CLI
 * share this code.
 */
import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { alignHistoryToLayers } from "@/lib/layers/align";
import { adviseImage, isPackageCachePath, type LayerStep } from "@/lib/layers/analysis/advice";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import {
  walkImageArchive,
  type LayerCandidate,
  type LayerWalkStatus,
  type WalkProgress,
  type WalkedLayer,
} from "@/lib/layers/analysis/walk";
import { collectGarbageSoon } from "@/lib/layers/analysis/memory";
import { analysisRecord } from "@/lib/layers/analysis/record";
import { WasteFold } from "@/lib/layers/analysis/waste";
import type { BaseImage } from "@/lib/layers/base-image";
import { describeCreatedBy } from "@/lib/layers/instruction";
import type { LayerStore, LayerWriter, StoredLayer } from "@/lib/layers/store";
import type { AnalysisProgressLine, LayerAnalysis } from "@/lib/layers/types";
import { nonTopV1Ids } from "@/lib/layers/v1-id";
import { createZstdDecompress } from "@/lib/layers/zstd";

/** Entries per batch from the walk to the store's writer. */
const ENTRY_BATCH = 250;

/** The image as the engine's inspect describes it, before any byte is read. */
export type AnalysisSource = {
  imageId: string;
  /** `RootFS.Layers`, base first. */
  diffIds: readonly string[];
  repoTags: readonly string[];
  /** The image's size: the progress estimate of the archive's bytes. */
  size: number;
  /** Opens the `docker save` stream of exactly this image (by ID). */
  open: () => Promise<Readable> | Readable;
};

/** What one run did, beside its answer: which layers it read and which it took from the store. */
export type AnalysisRunReport = {
  analysis: LayerAnalysis;
  layers: { diffId: string; status: LayerWalkStatus; blobBytes: number }[];
  /** Bytes of layer blobs parsed (skipped layers' bytes only stream past). */
  parsedBytes: number;
  bytesRead: number;
  elapsedMs: number;
};

/** Store aliases: how an archive names a layer before its bytes are hashed. */
function aliasesOf(layer: Pick<LayerCandidate, "v1Id" | "blobDigest">): string[] {
  const aliases: string[] = [];
  if (layer.v1Id) aliases.push(`v1:${layer.v1Id}`);
  if (layer.blobDigest) aliases.push(`blob:${layer.blobDigest}`);
  return aliases;
}

/**
 * Tells whether an archive's layer is one the store holds for this image, from its name alone.
 *
 * @example await storedDiffIdOf(store, new Set(diffIds), { v1Id: "ab…", blobDigest: null }) // "sha256:…" or null
 */
export async function storedDiffIdOf(
  store: LayerStore,
  wanted: ReadonlySet<string>,
  layer: Pick<LayerCandidate, "v1Id" | "blobDigest">,
): Promise<string | null> {
  // An uncompressed OCI blob's digest is its diff ID.
  const candidates = [layer.blobDigest];
  for (const alias of aliasesOf(layer)) candidates.push(await store.resolveAlias(alias));
  for (const diffId of candidates) {
    if (diffId && wanted.has(diffId) && (await store.storedLayer(diffId))) return diffId;
  }
  return null;
}

/**
 * Folds the stack's layers in order as soon as each is in the store, while the walk still reads
 * the archive: the walk mostly waits for the engine's bytes, and the fold fills those waits (the
 * legacy layout sends layers in the order of their v1 IDs, so layer 0 may come last; a layer
 * shared with an analysed image is in the store before the walk starts). One layer's entries are
 * in memory at a time.
 */
class StackFold {
  readonly fold: WasteFold;
  readonly caches: LayerEntry[][] = [];
  readonly stored: (StoredLayer | null)[] = [];
  private next = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LayerStore,
    private readonly diffIds: readonly string[],
    baseLayers: number,
  ) {
    this.fold = new WasteFold({ baseLayers });
  }

  /** Folds what is available now, after whatever folding is under way. */
  advance(): void {
    this.chain = this.chain.then(() => this.run(false));
    // Failures surface in finish(); until then nobody awaits the chain.
    this.chain.catch(() => undefined);
  }

  /** Folds the rest; a layer the walk could not read (an unsupported compression) counts as empty. */
  async finish(): Promise<void> {
    this.chain = this.chain.then(() => this.run(true));
    await this.chain;
  }

  private async run(final: boolean): Promise<void> {
    while (this.next < this.diffIds.length) {
      const layer = await this.store.storedLayer(this.diffIds[this.next]!);
      if (!layer && !final) return;
      const entries: LayerEntry[] = [];
      if (layer) {
        for await (const page of this.store.readLayer(layer.id)) {
          for (const entry of page) entries.push(entry);
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      this.fold.addLayer(entries);
      // Advice reads only cache files from the layers (the rest from the fold's union).
      this.caches.push(entries.filter((entry) => entry.type === "file" && entry.size > 0 && isPackageCachePath(entry.path)));
      this.stored.push(layer);
      this.next += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Analyses an image into the store and returns the answer (also stored by image ID).
 *
 * @example
 * const { analysis } = await runAnalysis({ store, source, base: { layers: 1, image: null } });
 * analysis.wastedBytes;
 */
export async function runAnalysis({
  store,
  source,
  base,
  onProgress,
  signal,
}: {
  store: LayerStore;
  source: AnalysisSource;
  base: BaseImage;
  onProgress?: (line: AnalysisProgressLine) => void;
  signal?: AbortSignal;
}): Promise<AnalysisRunReport> {
  await store.removeStalePending();
  const wanted = new Set(source.diffIds);
  const stack = new StackFold(store, source.diffIds, base.layers);
  stack.advance();
  const writers = new Map<string, LayerWriter>();
  const counts = { skipped: 0, parsed: 0, parsedBytes: 0 };
  let lastWalk: WalkProgress | null = null;
  // The walk's own "done" means the archive is read; the analysis is still computing then.
  const emit = (walk: WalkProgress, phase: AnalysisProgressLine["phase"] = walk.phase === "done" ? "computing" : walk.phase) => {
    lastWalk = walk;
    onProgress?.({
      type: "progress",
      phase,
      elapsedMs: walk.elapsedMs,
      preparingMs: walk.preparingMs,
      bytesRead: walk.bytesRead,
      totalBytes: walk.totalBytes,
      layersDone: walk.layersDone,
      layersTotal: walk.layersTotal ?? source.diffIds.length,
      layer: walk.layer,
      layersSkipped: counts.skipped,
      layersParsed: counts.parsed,
      parsedBytes: counts.parsedBytes,
    });
  };

  const writerFor = async (key: string) => {
    let writer = writers.get(key);
    if (!writer) writers.set(key, (writer = await store.openLayerWriter()));
    return writer;
  };

  const onLayerEnd = async (layer: WalkedLayer) => {
    const writer = writers.get(layer.key);
    writers.delete(layer.key);
    if (layer.status === "skipped") {
      counts.skipped += 1;
      await writer?.discard();
      return;
    }
    if (layer.status !== "parsed" || !layer.diffId) {
      await writer?.discard();
      return;
    }
    counts.parsed += 1;
    counts.parsedBytes += layer.blobBytes;
    // A layer without entries (an empty tar) still has to be known as stored.
    await (writer ?? (await store.openLayerWriter())).finish({
      diffId: layer.diffId,
      tarBytes: layer.tarBytes,
      entryCount: layer.entryCount,
      contentBytes: layer.contentBytes,
    });
    await store.saveAliases(aliasesOf(layer).map((alias) => ({ alias, diffId: layer.diffId! })));
    stack.advance();
  };

  let walk;
  try {
    walk = await walkImageArchive(
      {
        open: source.open,
        totalBytes: source.size,
        diffIds: source.diffIds,
        skipLayer: async (candidate) => (await storedDiffIdOf(store, wanted, candidate)) !== null,
        decompressors: { zstd: createZstdDecompress },
        // Small batches: entries handed on before the next scavenge die young instead of being
        // promoted (see lib/layers/analysis/memory.ts); the writer gathers rows for its commits.
        batchSize: ENTRY_BATCH,
        signal,
      },
      {
        onProgress: (progress) => emit(progress),
        onEntries: async ({ key, entries }) => (await writerFor(key)).append(entries),
        onLayerEnd,
      },
    );
  } finally {
    for (const writer of writers.values()) await writer.discard();
  }
  // Skipped layers were named by an alias already; name the rest too (e.g. found by blob digest),
  // and, in the legacy layout, by the names they get below another image's layers.
  const predicted = walk.layout === "legacy" ? nonTopV1Ids(walk.layers.map((layer) => layer.diffId)) : [];
  await store.saveAliases([
    ...walk.layers.flatMap((layer) => aliasesOf(layer).map((alias) => ({ alias, diffId: layer.diffId }))),
    ...predicted.map((v1Id, index) => ({ alias: `v1:${v1Id}`, diffId: walk.layers[index]!.diffId })),
  ]);
  if (lastWalk) emit({ ...(lastWalk as WalkProgress), layer: null, elapsedMs: walk.elapsedMs, bytesRead: walk.bytesRead }, "computing");

  const history = walk.config.history ?? [];
  const alignment = alignHistoryToLayers({
    steps: history.map(() => ({ size: 0 })),
    layerCount: walk.layers.length,
    emptyLayerFlags: history.map((step) => step.empty_layer === true),
  });
  const stepOfLayer: { stepIndex: number; createdBy: string; instruction: string }[] = [];
  if (alignment.kind === "aligned") {
    alignment.layerIndexByStep.forEach((layer, stepIndex) => {
      if (layer === null) return;
      const createdBy = history[stepIndex]?.created_by ?? "";
      stepOfLayer[layer] = { stepIndex, createdBy, instruction: describeCreatedBy(createdBy).instruction };
    });
  }
  const steps: LayerStep[] = walk.layers.map((_, index) => {
    const step = stepOfLayer[index];
    return step ? { stepIndex: step.stepIndex, instruction: step.instruction } : null;
  });

  await stack.finish();
  const walkedIds = walk.layers.map((layer) => layer.diffId);
  if (walkedIds.join() !== source.diffIds.join()) {
    throw new AppError(
      "upstream:image",
      `the archive of ${source.imageId} lists other layers (${walkedIds.length}) than the engine's inspect (${source.diffIds.length})`,
    );
  }
  const { fold, caches, stored } = stack;
  const waste = fold.finish();
  const advice = adviseImage({ analysis: waste, layers: caches, steps, union: fold.union });

  const analysis = analysisRecord({
    imageId: walk.imageId,
    waste,
    diffIds: walkedIds,
    steps: walk.layers.map((_, index) => stepOfLayer[index] ?? null),
    stored,
    advice,
    baseImage: base.image,
    repoTags: source.repoTags,
    analysedAt: new Date().toISOString(),
  });
  await store.saveAnalysis(analysis.imageId, JSON.stringify(analysis));
  if (counts.parsed > 0) collectGarbageSoon();
  if (lastWalk) emit({ ...(lastWalk as WalkProgress), layer: null, layersDone: walk.layers.length }, "done");
  return {
    analysis,
    layers: walk.layers.map((layer) => ({ diffId: layer.diffId, status: layer.status, blobBytes: layer.blobBytes })),
    parsedBytes: counts.parsedBytes,
    bytesRead: walk.bytesRead,
    elapsedMs: walk.elapsedMs,
  };
}
