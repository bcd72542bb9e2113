import "server-only";
import { listContainersOnEngine } from "@/lib/docker/containers";
import { inspectVolumeOnEngine, listVolumesOnEngine, volumeUsageOnEngine } from "@/lib/docker/volumes";
import { containersByVolume, sortVolumes, toVolumeView } from "@/lib/volumes/catalog";
import type { VolumeDetail, VolumeList } from "@/lib/volumes/types";

/**
 * How long a list waits for the engine's disk-usage report before showing sizes as unknown: the
 * engine walks every volume's files (and sizes images and containers) to answer it.
 */
export const VOLUME_SIZE_TIMEOUT_MS = 5_000;

/**
 * Every volume with its size where known and the containers that mount it: one volume list, one
 * container list and one `/system/df` per call, asked at the same time.
 */
export async function listVolumes({ sizeTimeoutMs = VOLUME_SIZE_TIMEOUT_MS }: { sizeTimeoutMs?: number } = {}): Promise<VolumeList> {
  const [volumes, containers, usage] = await Promise.all([
    listVolumesOnEngine(),
    listContainersOnEngine(),
    volumeUsageOnEngine({ timeoutMs: sizeTimeoutMs }).then(
      (sizes) => ({ sizes, error: null }),
      (error: unknown) => ({
        sizes: new Map<string, { size: number }>(),
        error: `Sizes are not shown: ${error instanceof Error ? error.message : String(error)}`,
      }),
    ),
  ]);
  const users = containersByVolume(containers);
  return {
    volumes: sortVolumes(
      volumes.map((volume) => toVolumeView(volume, users.get(volume.Name) ?? [], usage.sizes.get(volume.Name)?.size ?? null)),
    ),
    sizeError: usage.error,
  };
}

/** One volume (`docker volume inspect`) with its users and size; 404 for an unknown one. */
export async function inspectVolume(name: string): Promise<VolumeDetail> {
  const volume = await inspectVolumeOnEngine(name);
  const list = await listVolumes();
  const listed = list.volumes.find((candidate) => candidate.name === volume.Name);
  const view = listed ?? toVolumeView(volume, [], null);
  return { ...view, options: volume.Options ?? {}, raw: volume as unknown as Record<string, unknown> };
}
