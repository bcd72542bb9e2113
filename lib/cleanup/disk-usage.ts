import { freedBytes, imageLayerTotals, type LayerLedger } from "@/lib/cleanup/ledger";
import type { DiskUsage, PlannerContainer, PlannerImage, SystemDfStatus } from "@/lib/cleanup/types";

const RUNNING_STATES = new Set(["running", "paused", "restarting"]);

/**
 * Where the disk goes, from the list endpoints (images with their layers, containers with their
 * writable layers, volumes) and, for what only `/system/df` measures (volume and build cache
 * sizes), its last result when there is one.
 *
 * @example summarizeDiskUsage({ images, containers, ledger, volumes, intermediateImageCount: 3, systemDf }).images.uniqueBytes
 */
export function summarizeDiskUsage({
  images,
  containers,
  ledger,
  volumes,
  intermediateImageCount,
  systemDf,
}: {
  images: readonly PlannerImage[];
  containers: readonly PlannerContainer[];
  ledger: LayerLedger;
  volumes: { names: readonly string[]; danglingNames: readonly string[]; sizes: ReadonlyMap<string, number> | null };
  intermediateImageCount: number;
  systemDf: SystemDfStatus;
}): DiskUsage {
  const usedImageIds = new Set(containers.map((container) => container.imageId));
  const unused = images.filter((image) => !usedImageIds.has(image.id));
  const dangling = images.filter((image) => image.repoTags.length === 0);
  const noContainers = new Set<string>();
  const stopped = containers.filter((container) => !RUNNING_STATES.has(container.state));
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const volumeBytes = (names: readonly string[]) => (volumes.sizes ? sum(names.map((name) => volumes.sizes!.get(name) ?? 0)) : null);
  const df = systemDf.result;

  return {
    images: {
      count: images.length,
      ...imageLayerTotals(ledger),
      danglingCount: dangling.length,
      // A dangling image a container uses cannot go, so it frees nothing.
      danglingBytes: freedBytes(ledger, {
        images: new Set(dangling.filter((image) => !usedImageIds.has(image.id)).map((image) => image.id)),
        containers: noContainers,
      }),
      unusedCount: unused.length,
      unusedBytes: freedBytes(ledger, { images: new Set(unused.map((image) => image.id)), containers: noContainers }),
    },
    containers: {
      count: containers.length,
      runningCount: containers.length - stopped.length,
      stoppedCount: stopped.length,
      writableBytes: sum(containers.map((container) => container.sizeRw)),
      stoppedWritableBytes: sum(stopped.map((container) => container.sizeRw)),
    },
    volumes: {
      count: volumes.names.length,
      danglingCount: volumes.danglingNames.length,
      totalBytes: volumeBytes(volumes.names),
      danglingBytes: volumeBytes(volumes.danglingNames),
    },
    buildCache: {
      intermediateImageCount,
      totalBytes: df ? df.buildCacheBytes : null,
      reclaimableBytes: df ? df.buildCacheReclaimableBytes : null,
    },
    systemDf,
  };
}
