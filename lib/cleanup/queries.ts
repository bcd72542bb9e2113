import "server-only";
import { summarizeDiskUsage } from "@/lib/cleanup/disk-usage";
import { buildLayerLedger } from "@/lib/cleanup/ledger";
import { planCleanup } from "@/lib/cleanup/plan";
import { refreshSystemDf, systemDfStatus } from "@/lib/cleanup/system-df";
import type { CleanupPlan, CleanupPlanRequest, DiskUsage, PlannerContainer, PlannerImage } from "@/lib/cleanup/types";
import { toCleanupPlan } from "@/lib/cleanup/stored-plan";
import { getDb } from "@/lib/db";
import { getDockerHost } from "@/lib/docker/client";
import { listContainersOnEngine } from "@/lib/docker/containers";
import { toEngineError } from "@/lib/docker/errors";
import { inspectImage } from "@/lib/docker/images";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import { AppError } from "@/lib/errors";
import { listAllImageIdsOnEngine, listVolumesOnEngine } from "@/lib/docker/system";
import { cleanReferences } from "@/lib/images/catalog";
import { getLayerRecords, type LayerRecord } from "@/lib/layers/records";

/**
 * The images (with their layers) and containers (with their writable layers) as the planner and
 * the disk usage read them: two list calls and the per-image layer records, kept per image ID.
 */
async function loadInventory(): Promise<{
  images: PlannerImage[];
  containers: PlannerContainer[];
  otherLayers: Map<string, LayerRecord>;
}> {
  // The container list with sizes walks each writable layer on disk; the snapshot's has none.
  const [{ images: listed }, rawContainers] = await Promise.all([getEngineSnapshot(), listContainersOnEngine({ withSize: true })]);
  const containerImageIds = [...new Set(rawContainers.map((container) => container.ImageID))];
  let records: Map<string, LayerRecord>;
  try {
    records = await getLayerRecords([...new Set([...listed.map((image) => image.id), ...containerImageIds])]);
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read image layers" });
  }
  const listedIds = new Set(listed.map((image) => image.id));
  const images = listed.flatMap((image) => {
    const record = records.get(image.id);
    return record
      ? [
          {
            id: image.id,
            repoTags: cleanReferences(image.repoTags),
            created: image.created,
            size: image.size,
            labels: image.labels ?? {},
            chainIds: record.chainIds,
            layerSizes: record.layerSizes,
          },
        ]
      : [];
  });
  const containers = rawContainers.map((container) => ({
    id: container.Id,
    name: (container.Names?.[0] ?? "").replace(/^\//, ""),
    imageId: container.ImageID,
    state: container.State,
    created: container.Created,
    // The engine leaves SizeRw out when the writable layer is untouched.
    sizeRw: container.SizeRw ?? 0,
  }));
  const otherLayers = new Map([...records].filter(([id]) => !listedIds.has(id)));
  return { images, containers, otherLayers };
}

/**
 * `GET /api/disk-usage`: computed from the list endpoints at once; `/system/df` only runs in the
 * background (started here when none is recent) and is reported with its state, never awaited.
 */
export async function getDiskUsage(): Promise<DiskUsage> {
  refreshSystemDf();
  const [{ images, containers, otherLayers }, volumes, danglingVolumes, allImageIds] = await Promise.all([
    loadInventory(),
    listVolumesOnEngine(),
    listVolumesOnEngine({ dangling: true }),
    listAllImageIdsOnEngine(),
  ]);
  const { volumeSizes, ...systemDf } = systemDfStatus();
  return summarizeDiskUsage({
    images,
    containers,
    ledger: buildLayerLedger({ images, containers, otherLayers }),
    volumes: {
      names: volumes.map((volume) => volume.name),
      danglingNames: danglingVolumes.map((volume) => volume.name),
      sizes: volumeSizes,
    },
    intermediateImageCount: Math.max(0, new Set(allImageIds).size - images.length),
    systemDf,
  });
}

/**
 * What the rules and the listed items would remove and what that truly frees; changes nothing on
 * the engine. Listed images are resolved by the engine itself (as `docker rmi` does), so an
 * unknown one is a 404 naming it.
 */
export async function previewCleanupPlan(
  request: CleanupPlanRequest,
  now: Date,
): Promise<ReturnType<typeof planCleanup> & { imageTags: Record<string, string[]> }> {
  const explicitImages = await Promise.all((request.images ?? []).map(async (ref) => ({ id: (await inspectImage(ref)).Id, name: ref })));
  const { images, containers, otherLayers } = await loadInventory();
  const plan = planCleanup({ images, containers, otherLayers, request, explicitImages, now });
  // What each image item is tagged as now, so that a run can tell a re-tag or untag since.
  const planned = new Set(plan.items.filter((item) => item.kind === "image").map((item) => item.id));
  const imageTags = Object.fromEntries(images.filter((image) => planned.has(image.id)).map((image) => [image.id, image.repoTags]));
  return { ...plan, imageTags };
}

/** A stored plan; 404 when there is none with that ID. */
export async function getCleanupPlan(id: string): Promise<CleanupPlan> {
  const row = await getDb().cleanupPlan.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:cleanup_plan", `no clean-up plan "${id}"`);
  return toCleanupPlan(row);
}
