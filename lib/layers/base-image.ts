/**
 * The base image of an image: the longest stack of bottom layers that another local image
 * consists of entirely (its diff IDs are a proper prefix of this image's). The waste those layers
 * hide among themselves is the base image's, not the user's (dive counts every layer but 0 as the
 * user's). Only tagged images count: an untagged one is usually an older build of the same
 * Dockerfile, not something a Dockerfile names in `FROM`.
 */
import { adviseImage, compareAdvice, type LayerStep } from "@/lib/layers/analysis/advice";
import type { LayerEntries } from "@/lib/layers/analysis/types";
import { UnionFs } from "@/lib/layers/analysis/union";
import type { WasteAnalysis } from "@/lib/layers/analysis/waste";
import type { LayerAnalysis } from "@/lib/layers/types";

export type CandidateImage = { id: string; repoTags: readonly string[]; diffIds: readonly string[] };

export type BaseImage = {
  /** How many bottom layers belong to the base image. */
  layers: number;
  /** The local image those layers are, or null when none was found (then the base is layer 0 alone). */
  image: { id: string; repoTags: string[] } | null;
};

/**
 * @example
 * findBaseImage({ diffIds: ["sha256:a", "sha256:b", "sha256:c"], others: [{ id: "x", repoTags: ["local/busybox:1"], diffIds: ["sha256:a"] }] })
 * // { layers: 1, image: { id: "x", repoTags: ["local/busybox:1"] } }
 */
export function findBaseImage({ diffIds, others }: { diffIds: readonly string[]; others: readonly CandidateImage[] }): BaseImage {
  let best: CandidateImage | null = null;
  for (const other of others) {
    const length = other.diffIds.length;
    if (length === 0 || length >= diffIds.length || other.repoTags.length === 0) continue;
    if (best && length <= best.diffIds.length) continue;
    if (other.diffIds.every((diffId, index) => diffIds[index] === diffId)) best = other;
  }
  if (best) return { layers: best.diffIds.length, image: { id: best.id, repoTags: [...best.repoTags] } };
  return { layers: diffIds.length > 1 ? 1 : 0, image: null };
}

/**
 * A stored analysis with the base image as it is *now*: which images are local changes after an
 * analysis (a base image loaded or pulled later, or removed), and the layers never do, so the
 * split between the base image's waste and the user's is redone from the stored per-layer figures
 * without reading a layer again:
 *
 * - user waste = the bytes hidden by layers at or above the base: the sum of those layers'
 *   `hiddenBytes` (every hidden version counted, not only the 1,000 listed);
 * - advice that depends on the base (deletions, rewrites, base files hidden, base share, runs of
 *   RUN steps) is advised again from the stored waste list; build tools (read from the final
 *   view) and package caches (per layer) do not depend on the base and are kept, except that a
 *   cache in a layer that joined the base is dropped, and one in a layer that left it is advised
 *   from that layer's cache files (`readCacheFiles`, only for those layers).
 *
 * @example rebaseAnalysis({ analysis, base: { layers: 3, image: { id, repoTags: ["app/base:1"] } }, readCacheFiles: () => [] }).userWastedBytes
 */
export function rebaseAnalysis({
  analysis,
  base,
  readCacheFiles,
}: {
  analysis: LayerAnalysis;
  base: BaseImage;
  /** A layer's regular files under package-manager cache paths (isPackageCachePath). */
  readCacheFiles: (layer: number) => LayerEntries;
}): LayerAnalysis {
  const baseLayers = Math.min(Math.max(0, base.layers), analysis.layers.length);
  if (baseLayers === analysis.baseLayers) return { ...analysis, baseImage: base.image };
  const userWastedBytes = analysis.layers.reduce((sum, layer) => (layer.index >= baseLayers ? sum + layer.hiddenBytes : sum), 0);
  const userWastedPercent = analysis.totalBytes === 0 ? 0 : userWastedBytes / analysis.totalBytes;
  const waste: WasteAnalysis = {
    baseLayers,
    totalBytes: analysis.totalBytes,
    visibleBytes: analysis.visibleBytes,
    wastedBytes: analysis.wastedBytes,
    userWastedBytes,
    userWastedPercent,
    efficiency: analysis.efficiency,
    layers: analysis.layers.map((layer) => ({
      index: layer.index,
      storedBytes: layer.size,
      wastedBytes: layer.wastedBytes,
      hiddenBytes: layer.hiddenBytes,
      files: layer.files,
    })),
    waste: analysis.waste.map((item) => ({ ...item, hash: null })),
  };
  const steps: LayerStep[] = analysis.layers.map((layer) =>
    layer.stepIndex !== null && layer.instruction !== null ? { stepIndex: layer.stepIndex, instruction: layer.instruction } : null,
  );
  // Layers that were the base's when the analysis ran and are the user's now: their caches were never advised.
  const caches = analysis.layers.map((layer) =>
    layer.index >= baseLayers && layer.index < analysis.baseLayers ? readCacheFiles(layer.index) : [],
  );
  const advised = adviseImage({ analysis: waste, layers: caches, steps, union: new UnionFs() });
  const kept = analysis.advice.filter(
    (advice) =>
      advice.rule === "build-tools-in-final-image" || (advice.rule === "package-manager-cache" && (advice.layers[0] ?? 0) >= baseLayers),
  );
  const advice = [...advised.filter((item) => item.rule !== "build-tools-in-final-image"), ...kept].sort(compareAdvice);
  return {
    ...analysis,
    baseLayers,
    baseImage: base.image,
    userWastedBytes,
    userWastedPercent,
    layers: analysis.layers.map((layer) => ({ ...layer, inBase: layer.index < baseLayers })),
    advice,
  };
}
