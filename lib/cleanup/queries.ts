import "server-only";
import { imagesLinkedByBuilds } from "@/lib/builds/queries";
import pLimit from "p-limit";
import { lastContainerLaunchByImage } from "@/lib/audit/queries";
import { listVolumesOnEngine as listVolumesWithLabelsOnEngine } from "@/lib/docker/volumes";
import { summarizeDiskUsage } from "@/lib/cleanup/disk-usage";
import { buildLayerLedger } from "@/lib/cleanup/ledger";
import { planCleanup } from "@/lib/cleanup/plan";
import { refreshSystemDf, systemDfStatus } from "@/lib/cleanup/system-df";
import type {
  CleanupCount,
  CleanupCounts,
  CleanupPlan,
  CleanupPlanRequest,
  DiskUsage,
  PlannerContainer,
  PlannerImage,
  PlannerVolume,
} from "@/lib/cleanup/types";
import { toCleanupPlan } from "@/lib/cleanup/stored-plan";
import { getDb } from "@/lib/db";
import { getDockerHost } from "@/lib/docker/client";
import { inspectContainerOnEngine, listContainersOnEngine } from "@/lib/docker/containers";
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
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the plan's part, not the answer's
  const { volumeSizes, buildCacheRecords, ...systemDf } = systemDfStatus();
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
  limits?: { maxBytes?: number | undefined; maxItems?: number | undefined },
): Promise<ReturnType<typeof planCleanup> & { imageTags: Record<string, string[]> }> {
  const rules = request.rules ?? {};
  const explicitImages = await Promise.all((request.images ?? []).map(async (ref) => ({ id: (await inspectImage(ref)).Id, name: ref })));
  const { images, containers, otherLayers } = await loadInventory();
  const wantsVolumes = rules.danglingVolumes === true || (request.volumes?.length ?? 0) > 0;
  if (wantsVolumes || rules.buildCache) refreshSystemDf();
  const df = systemDfStatus();
  const [lastUsed, buildLeftovers, linkedByBuilds, volumes] = await Promise.all([
    rules.unusedForDays !== undefined ? lastUseByImage(containers, now) : undefined,
    rules.buildCache ? buildLeftoverImages(images) : undefined,
    imagesLinkedByBuilds(),
    wantsVolumes ? loadVolumes(df.volumeSizes) : undefined,
  ]);
  const plan = planCleanup({
    images,
    containers,
    otherLayers,
    request,
    explicitImages,
    now,
    ...(lastUsed ? { lastUsed } : {}),
    ...(buildLeftovers ? { buildLeftovers } : {}),
    ...(linkedByBuilds ? { linkedByBuilds } : {}),
    ...(volumes ? { volumes } : {}),
    buildCache: df.buildCacheRecords ?? null,
    ...(limits ? { limits } : {}),
  });
  // What each image item is tagged as now, so that a run can tell a re-tag or untag since.
  const planned = new Set(plan.items.filter((item) => item.kind === "image").map((item) => item.id));
  const imageTags = Object.fromEntries(images.filter((image) => planned.has(image.id)).map((image) => [image.id, image.repoTags]));
  return { ...plan, imageTags };
}

const inspectLimit = pLimit(8);

/**
 * Each image's last use by a container, in unix seconds: the engine's timestamps of the containers
 * it has (created, started, finished; a running one is a use now) and the audit log's launches of
 * containers since removed.
 */
async function lastUseByImage(containers: readonly PlannerContainer[], now: Date): Promise<Map<string, number>> {
  const seconds = (value: string | undefined) => {
    const time = value ? Date.parse(value) : NaN;
    return Number.isFinite(time) && time > 0 ? Math.floor(time / 1000) : 0;
  };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const lastUsed = new Map<string, number>();
  const note = (imageId: string, at: number) => lastUsed.set(imageId, Math.max(lastUsed.get(imageId) ?? 0, at));
  const [inspected, launches] = await Promise.all([
    Promise.all(containers.map((container) => inspectLimit(() => inspectContainerOnEngine(container.id).catch(() => null)))),
    lastContainerLaunchByImage(),
  ]);
  containers.forEach((container, index) => {
    const state = inspected[index]?.State;
    const running = state ? state.Running || state.Paused || state.Restarting : container.state === "running";
    note(container.imageId, running ? nowSeconds : Math.max(container.created, seconds(state?.StartedAt), seconds(state?.FinishedAt)));
  });
  for (const [imageId, at] of launches) note(imageId, Math.floor(at.getTime() / 1000));
  return lastUsed;
}

/** The dangling images a classic build left: they have a parent (the build's last step image). */
async function buildLeftoverImages(images: readonly PlannerImage[]): Promise<Set<string>> {
  const dangling = images.filter((image) => image.repoTags.length === 0);
  const parents = await Promise.all(
    dangling.map((image) =>
      inspectLimit(() =>
        inspectImage(image.id).then(
          (inspect) => inspect.Parent ?? "",
          () => "",
        ),
      ),
    ),
  );
  return new Set(dangling.filter((_, index) => parents[index] !== "").map((image) => image.id));
}

/** Every volume with the containers (running or stopped) that mount it and its last measured size. */
async function loadVolumes(sizes: ReadonlyMap<string, number> | null): Promise<PlannerVolume[]> {
  const [volumes, containers] = await Promise.all([listVolumesWithLabelsOnEngine(), listContainersOnEngine()]);
  const users = new Map<string, { id: string; name: string }[]>();
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== "volume" || !mount.Name) continue;
      const list = users.get(mount.Name) ?? [];
      list.push({ id: container.Id, name: (container.Names?.[0] ?? container.Id).replace(/^\//, "") });
      users.set(mount.Name, list);
    }
  }
  return volumes.map((volume) => ({
    name: volume.Name,
    labels: volume.Labels ?? {},
    users: users.get(volume.Name) ?? [],
    size: sizes?.get(volume.Name) ?? null,
  }));
}

/** A stored plan; 404 when there is none with that ID. */
export async function getCleanupPlan(id: string): Promise<CleanupPlan> {
  const row = await getDb().cleanupPlan.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:cleanup_plan", `no clean-up plan "${id}"`);
  return toCleanupPlan(row);
}

/**
 * What each request alone would remove, planned like `POST /api/cleanup/plans` but stored nowhere:
 * the clean-up page's per-rule counts, asked whenever the rules settle.
 *
 * @example await countCleanupCandidates({ dangling: { rules: { dangling: true } } }, new Date())
 */
export async function countCleanupCandidates(requests: Record<string, CleanupPlanRequest>, now: Date): Promise<CleanupCounts> {
  const counts: Record<string, CleanupCount> = {};
  // One at a time: each reads the same (cached) lists, and the engine is not asked nine times at once.
  for (const [name, request] of Object.entries(requests)) {
    const plan = await previewCleanupPlan(request, now);
    const blocked = plan.items.filter((item) => item.blocked).length;
    counts[name] = { count: plan.items.length - blocked, blocked, bytes: plan.reclaimableBytes };
  }
  return { counts };
}
