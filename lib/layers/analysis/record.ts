import type { WasteAnalysis } from "@/lib/layers/analysis/waste";
import type { LayerAnalysis } from "@/lib/layers/types";

/** Waste items kept in the answer (biggest first); the totals always count every one. */
export const WASTE_LIMIT = 1000;

/**
 * What an analysis stores and answers: the fold's figures with each layer's step (null where the
 * history does not line up with the layers), its archive counts, at most WASTE_LIMIT waste items
 * (without their content hashes) and the advice.
 *
 * @example analysisRecord({ imageId, waste: fold.finish(), steps, stored, advice, baseImage: null, repoTags, analysedAt })
 */
export function analysisRecord({
  imageId,
  waste,
  diffIds,
  steps,
  stored,
  advice,
  baseImage,
  repoTags,
  analysedAt,
}: {
  imageId: string;
  waste: WasteAnalysis;
  /** Per layer, bottom first. */
  diffIds: readonly string[];
  /** Per layer: the history step that made it, or null. */
  steps: readonly ({ stepIndex: number; instruction: string; createdBy: string | null } | null)[];
  /** Per layer: its archive's bytes and entry count, or null where unknown. */
  stored: readonly ({ tarBytes: number; entryCount: number } | null)[];
  advice: LayerAnalysis["advice"];
  baseImage: LayerAnalysis["baseImage"];
  repoTags: readonly string[];
  analysedAt: string;
}): LayerAnalysis {
  return {
    imageId,
    efficiency: waste.efficiency,
    wastedBytes: waste.wastedBytes,
    userWastedBytes: waste.userWastedBytes,
    userWastedPercent: waste.userWastedPercent,
    totalBytes: waste.totalBytes,
    visibleBytes: waste.visibleBytes,
    baseLayers: waste.baseLayers,
    baseImage,
    layers: waste.layers.map((layer, index) => ({
      index,
      diffId: diffIds[index]!,
      size: layer.storedBytes,
      stepIndex: steps[index]?.stepIndex ?? null,
      instruction: steps[index]?.instruction ?? null,
      createdBy: steps[index]?.createdBy ?? null,
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
    repoTags: [...repoTags],
    analysedAt,
  };
}
