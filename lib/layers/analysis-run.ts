/**
 * One analysis of an image, from its `docker save` stream to the answer of
 * `GET /api/images/{ref}/analysis`, with the store in between:
 *
 * 1. walk the archive once (lib/layers/analysis/walk.ts); each parsed layer's entries go to the
 *    store as they arrive, and layers the store already holds (found by the names the archive
 *    gives them: legacy v1 IDs, OCI blob digests) are skipped byte by byte;
 * 2. fold the layers in stack order from the store, one layer in memory at a time
 *    (WasteFold keeps only the union of visible paths);
 * 3. align history steps to layers with the config's `empty_layer` flags, advise, and store the
 *    result by image ID.
 *
 * No engine access here: the caller passes how to open the archive, so the dashboard and the CLI
 * share this code.
 */
import type { Readable } from "node:stream";
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
import { WasteFold } from "@/lib/layers/analysis/waste";
import type { BaseImage } from "@/lib/layers/base-image";
import { describeCreatedBy } from "@/lib/layers/instruction";
import type { LayerStore, LayerWriter } from "@/lib/layers/store";
import type { AnalysisProgressLine, LayerAnalysis } from "@/lib/layers/types";
import { createZstdDecompress } from "@/lib/layers/zstd";

/** Waste items kept in the answer (biggest first); the totals always count every one. */
export const WASTE_LIMIT = 1000;

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
 * @example layerInStore(store, new Set(diffIds), { v1Id: "ab…", blobDigest: null }) // "sha256:…" or null
 */
export function storedDiffIdOf(
  store: LayerStore,
  wanted: ReadonlySet<string>,
  layer: Pick<LayerCandidate, "v1Id" | "blobDigest">,
): string | null {
  // An uncompressed OCI blob's digest is its diff ID.
  const candidates = [layer.blobDigest, ...aliasesOf(layer).map((alias) => store.resolveAlias(alias))];
  for (const diffId of candidates) {
    if (diffId && wanted.has(diffId) && store.storedLayer(diffId)) return diffId;
  }
  return null;
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
  store.removeStalePending();
  const wanted = new Set(source.diffIds);
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

  const writerFor = (key: string) => {
    let writer = writers.get(key);
    if (!writer) writers.set(key, (writer = store.openLayerWriter()));
    return writer;
  };

  const onLayerEnd = (layer: WalkedLayer) => {
    const writer = writers.get(layer.key);
    writers.delete(layer.key);
    if (layer.status === "skipped") {
      counts.skipped += 1;
      writer?.discard();
      return;
    }
    if (layer.status !== "parsed" || !layer.diffId) {
      writer?.discard();
      return;
    }
    counts.parsed += 1;
    counts.parsedBytes += layer.blobBytes;
    // A layer without entries (an empty tar) still has to be known as stored.
    (writer ?? store.openLayerWriter()).finish({
      diffId: layer.diffId,
      tarBytes: layer.tarBytes,
      entryCount: layer.entryCount,
      contentBytes: layer.contentBytes,
    });
    store.saveAliases(aliasesOf(layer).map((alias) => ({ alias, diffId: layer.diffId! })));
  };

  let walk;
  try {
    walk = await walkImageArchive(
      {
        open: source.open,
        totalBytes: source.size,
        skipLayer: (candidate) => storedDiffIdOf(store, wanted, candidate) !== null,
        decompressors: { zstd: createZstdDecompress },
        signal,
      },
      {
        onProgress: (progress) => emit(progress),
        onEntries: ({ key, entries }) => writerFor(key).append(entries),
        onLayerEnd,
      },
    );
  } finally {
    for (const writer of writers.values()) writer.discard();
  }
  // Skipped layers were named by an alias already; name the rest too (e.g. found by blob digest).
  store.saveAliases(walk.layers.flatMap((layer) => aliasesOf(layer).map((alias) => ({ alias, diffId: layer.diffId }))));
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

  const fold = new WasteFold({ baseLayers: base.layers });
  const caches: LayerEntry[][] = [];
  const stored = walk.layers.map((layer) => store.storedLayer(layer.diffId));
  walk.layers.forEach((_, index) => {
    const layer = stored[index];
    const entries = layer ? store.layerEntries(layer.id) : [];
    fold.addLayer(entries);
    // Advice reads only cache files from the layers (the rest from the fold's union).
    caches.push(entries.filter((entry) => entry.type === "file" && entry.size > 0 && isPackageCachePath(entry.path)));
  });
  const waste = fold.finish();
  const advice = adviseImage({ analysis: waste, layers: caches, steps, union: fold.union });

  const analysis: LayerAnalysis = {
    imageId: walk.imageId,
    efficiency: waste.efficiency,
    wastedBytes: waste.wastedBytes,
    userWastedBytes: waste.userWastedBytes,
    userWastedPercent: waste.userWastedPercent,
    totalBytes: waste.totalBytes,
    visibleBytes: waste.visibleBytes,
    baseLayers: waste.baseLayers,
    baseImage: base.image,
    layers: waste.layers.map((layer, index) => ({
      index,
      diffId: walk.layers[index]!.diffId,
      size: layer.storedBytes,
      stepIndex: stepOfLayer[index]?.stepIndex ?? null,
      instruction: stepOfLayer[index]?.instruction ?? null,
      createdBy: stepOfLayer[index]?.createdBy ?? null,
      files: layer.files,
      wastedBytes: layer.wastedBytes,
      hiddenBytes: layer.hiddenBytes,
      inBase: index < waste.baseLayers,
      tarBytes: stored[index]?.tarBytes ?? 0,
      entryCount: stored[index]?.entryCount ?? 0,
    })),
    waste: waste.waste.slice(0, WASTE_LIMIT).map(({ path, bytes, writtenBy, hiddenBy, reason, sameContent, movedTo }) => ({
      path,
      bytes,
      writtenBy,
      hiddenBy,
      reason,
      sameContent,
      movedTo,
    })),
    wasteCount: waste.waste.length,
    advice,
    repoTags: [...source.repoTags],
    analysedAt: new Date().toISOString(),
  };
  store.saveAnalysis(analysis.imageId, JSON.stringify(analysis));
  if (lastWalk) emit({ ...(lastWalk as WalkProgress), layer: null, layersDone: walk.layers.length }, "done");
  return {
    analysis,
    layers: walk.layers.map((layer) => ({ diffId: layer.diffId, status: layer.status, blobBytes: layer.blobBytes })),
    parsedBytes: counts.parsedBytes,
    bytesRead: walk.bytesRead,
    elapsedMs: walk.elapsedMs,
  };
}
