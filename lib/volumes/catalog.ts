import type { EngineContainer } from "@/lib/docker/containers";
import { labelFlags } from "@/lib/docker/object-fields";
import type { EngineVolume } from "@/lib/docker/volumes";
import { dockerCommand } from "@/lib/cli/command";
import type { VolumeContainer, VolumeView } from "@/lib/volumes/types";

// Pure: the engine's volumes in the dashboard's names, who uses them, and their CLI lines.

/** Docker 23+ labels the volumes it makes for a VOLUME or `-v /path`; older engines only name them by 64 hex digits. */
const ANONYMOUS_LABEL = "com.docker.volume.anonymous";
const ENGINE_GENERATED_NAME = /^[0-9a-f]{64}$/;

/**
 * True for a volume the engine named itself: one a container made for an image's `VOLUME` (or a
 * `-v /path` without a name), or a `docker volume create` without a name.
 *
 * @example isAnonymousVolume({ Name: "pgdata", Labels: null }) // false
 */
export function isAnonymousVolume(volume: Pick<EngineVolume, "Name" | "Labels">): boolean {
  return volume.Labels?.[ANONYMOUS_LABEL] !== undefined || ENGINE_GENERATED_NAME.test(volume.Name);
}

/** A container's name as the engine lists it ("/web-1"), without the leading slash; its short ID when it has none. */
export function containerDisplayName(container: Pick<EngineContainer, "Id" | "Names">): string {
  return container.Names?.[0]?.replace(/^\//, "") || container.Id.slice(0, 12);
}

/** Which containers mount each volume, by volume name, from one container list. */
export function containersByVolume(containers: readonly EngineContainer[]): Map<string, VolumeContainer[]> {
  const byVolume = new Map<string, VolumeContainer[]>();
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== "volume" || !mount.Name) continue;
      const users = byVolume.get(mount.Name) ?? [];
      users.push({
        id: container.Id,
        name: containerDisplayName(container),
        running: container.State === "running",
        destination: mount.Destination || null,
      });
      byVolume.set(mount.Name, users);
    }
  }
  for (const users of byVolume.values()) users.sort((a, b) => a.name.localeCompare(b.name));
  return byVolume;
}

/** One volume in the dashboard's names; `size` is null unless the engine's disk-usage report had it. */
export function toVolumeView(volume: EngineVolume, containers: VolumeContainer[], size: number | null): VolumeView {
  return {
    name: volume.Name,
    driver: volume.Driver,
    mountpoint: volume.Mountpoint,
    createdAt: volume.CreatedAt ? volume.CreatedAt : null,
    scope: volume.Scope ?? "local",
    size,
    labels: volume.Labels ?? {},
    anonymous: isAnonymousVolume(volume),
    containers,
  };
}

/** Named volumes first (by name), then anonymous ones, newest first. */
export function sortVolumes(volumes: VolumeView[]): VolumeView[] {
  return [...volumes].sort((a, b) => {
    if (a.anonymous !== b.anonymous) return a.anonymous ? 1 : -1;
    if (a.anonymous) return (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || a.name.localeCompare(b.name);
    return a.name.localeCompare(b.name);
  });
}

/**
 * `docker volume create [--driver D] [--label k=v]... [NAME]`; the default driver (local) is left out.
 *
 * @example dockerVolumeCreateCommand({ name: "pgdata", labels: { team: "db" } }) // "docker volume create --label team=db pgdata"
 */
export function dockerVolumeCreateCommand(options: { name?: string; driver?: string; labels?: Record<string, string> }): string {
  return dockerCommand([
    "volume",
    "create",
    ...(options.driver && options.driver !== "local" ? ["--driver", options.driver] : []),
    ...labelFlags(options.labels),
    options.name,
  ]);
}

/**
 * `docker volume rm NAME`.
 *
 * @example dockerVolumeRmCommand({ name: "pgdata" }) // "docker volume rm pgdata"
 */
export function dockerVolumeRmCommand(options: { name: string }): string {
  return dockerCommand(["volume", "rm", options.name]);
}
