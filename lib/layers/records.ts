import "server-only";
import pLimit from "p-limit";
import { readImageConfigFromSave } from "@/lib/docker/image-config";
import { imageHistoryOnEngine, inspectImage } from "@/lib/docker/images";
import { isAppError } from "@/lib/errors";
import { alignHistoryToLayers, type AlignmentSource } from "@/lib/layers/align";
import { chainIds } from "@/lib/layers/chain";

/** A history step as the engine reports it, oldest first. */
export type RawHistoryStep = {
  id: string | null;
  created: number;
  createdBy: string;
  size: number;
  comment: string;
  tags: string[];
};

/**
 * Everything about an image's layers that never changes for its ID (image IDs are content
 * digests), so it is computed once per ID in the life of the process and then served from memory:
 * a list load after that costs two engine calls however many images there are.
 */
export type LayerRecord = {
  imageId: string;
  diffIds: string[];
  chainIds: string[];
  /** Bytes of each layer, base first. */
  layerSizes: number[];
  steps: RawHistoryStep[];
  /** For each step (oldest first), the layer it made, or null. Null when it could not be told. */
  layerIndexByStep: (number | null)[] | null;
  alignmentSource: AlignmentSource | "unknown";
  alignmentNote: string | null;
};

type InspectLike = { Id: string; RootFS?: { Layers?: string[] } };

const records = new Map<string, Promise<LayerRecord>>();
const layerCounts = new Map<string, Promise<number | null>>();
// The engine serves inspect/history concurrently, but a few hundred at once only queue there.
// Separate limiters: a record waits on intermediate inspects and saves, which must not wait for
// a slot the record itself holds.
const limit = pLimit(8);
const intermediateLimit = pLimit(8);
// `docker save` copies the whole image on the engine side; one at a time.
const saveLimit = pLimit(1);

/** The layer record of one image, computing it on first use. */
export function getLayerRecord(imageId: string, inspect?: InspectLike): Promise<LayerRecord> {
  let record = records.get(imageId);
  if (!record) {
    record = limit(() => computeLayerRecord(imageId, inspect));
    records.set(imageId, record);
    // A failure (engine gone, image removed meanwhile) must not be remembered.
    record.catch(() => records.delete(imageId));
  }
  return record;
}

/** Layer records for many images at once; images that vanished meanwhile are left out. */
export async function getLayerRecords(imageIds: readonly string[]): Promise<Map<string, LayerRecord>> {
  const settled = await Promise.allSettled(imageIds.map((id) => getLayerRecord(id)));
  const result = new Map<string, LayerRecord>();
  settled.forEach((outcome, index) => {
    if (outcome.status === "fulfilled") result.set(imageIds[index]!, outcome.value);
    else if (!(isAppError(outcome.reason) && outcome.reason.type === "not_found")) throw outcome.reason;
  });
  return result;
}

async function computeLayerRecord(imageId: string, given?: InspectLike): Promise<LayerRecord> {
  const [inspect, history] = await Promise.all([given ? Promise.resolve(given) : inspectImage(imageId), imageHistoryOnEngine(imageId)]);
  const diffIds = inspect.RootFS?.Layers ?? [];
  const steps: RawHistoryStep[] = history
    .map((step) => ({
      id: step.Id && step.Id !== "<missing>" ? step.Id : null,
      created: step.Created,
      createdBy: step.CreatedBy ?? "",
      size: step.Size ?? 0,
      comment: step.Comment ?? "",
      tags: step.Tags ?? [],
    }))
    .reverse();

  let alignment = alignHistoryToLayers({ steps, layerCount: diffIds.length });
  if (alignment.kind === "ambiguous" && steps.some((step, index) => step.id && index < steps.length - 1)) {
    const counts = await Promise.all(
      steps.map((step, index) => (step.id && index < steps.length - 1 ? layerCountOf(step.id) : Promise.resolve(null))),
    );
    alignment = alignHistoryToLayers({ steps, layerCount: diffIds.length, layerCountAtStep: counts });
  }
  if (alignment.kind === "ambiguous") {
    const config = await saveLimit(() => readImageConfigFromSave(imageId));
    const flags = config.history?.map((entry) => entry.empty_layer === true) ?? null;
    alignment = alignHistoryToLayers({ steps, layerCount: diffIds.length, emptyLayerFlags: flags });
  }

  const layerSizes = new Array<number>(diffIds.length).fill(0);
  if (alignment.kind === "aligned") {
    alignment.layerIndexByStep.forEach((layerIndex, stepIndex) => {
      if (layerIndex !== null) layerSizes[layerIndex] = steps[stepIndex]!.size;
    });
  } else {
    // Odd history (e.g. hand-made configs): sized steps fill layers in order so totals still add up.
    let layer = 0;
    for (const step of steps) if (step.size > 0 && layer < layerSizes.length) layerSizes[layer++] = step.size;
  }

  return {
    imageId,
    diffIds,
    chainIds: chainIds(diffIds),
    layerSizes,
    steps,
    layerIndexByStep: alignment.kind === "aligned" ? alignment.layerIndexByStep : null,
    alignmentSource: alignment.kind === "aligned" ? alignment.source : "unknown",
    alignmentNote: alignment.kind === "aligned" ? null : alignment.reason,
  };
}

function layerCountOf(imageId: string): Promise<number | null> {
  let count = layerCounts.get(imageId);
  if (!count) {
    count = intermediateLimit(async () => {
      try {
        const inspect: InspectLike = await inspectImage(imageId);
        return inspect.RootFS?.Layers?.length ?? null;
      } catch {
        // An intermediate image removed since: its count is simply unknown.
        return null;
      }
    });
    layerCounts.set(imageId, count);
  }
  return count;
}
