import "server-only";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";

/**
 * `GET /system/df` in the fields the dashboard reads. The engine walks every layer, container and
 * volume on disk to answer it, which takes minutes on busy hosts (portainer/portainer#1144): never
 * call it on a request's path.
 */
export type EngineSystemDf = {
  LayersSize?: number;
  Images?: { Id: string; Size?: number; SharedSize?: number; Containers?: number }[] | null;
  Containers?: { Id: string; SizeRw?: number; State?: string }[] | null;
  Volumes?: { Name: string; UsageData?: { Size?: number; RefCount?: number } | null }[] | null;
  BuildCache?: { ID: string; Type?: string; Description?: string; Size?: number; InUse?: boolean; Shared?: boolean }[] | null;
};

/** `docker system df -v` as the engine reports it (slow: see above). */
export async function systemDfOnEngine(): Promise<EngineSystemDf> {
  try {
    return (await getDocker().df()) as EngineSystemDf;
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "compute disk usage (system df)" });
  }
}

/** A volume as the list endpoint reports it; no sizes (only `/system/df` measures volumes). */
export type EngineVolume = { name: string; driver: string };

/** `docker volume ls`, or only the volumes no container references with `dangling`. */
export async function listVolumesOnEngine({ dangling = false }: { dangling?: boolean } = {}): Promise<EngineVolume[]> {
  try {
    const answer = (await getDocker().listVolumes(dangling ? { filters: { dangling: ["true"] } } : {})) as {
      Volumes?: { Name: string; Driver: string }[] | null;
    };
    return (answer.Volumes ?? []).map((volume) => ({ name: volume.Name, driver: volume.Driver }));
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list volumes" });
  }
}

/**
 * IDs of every image including intermediate build images (`docker images -a`): what the default
 * list leaves out is the classic builder's per-step images.
 */
export async function listAllImageIdsOnEngine(): Promise<string[]> {
  try {
    return (await getDocker().listImages({ all: true })).map((image) => image.Id);
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list images" });
  }
}

/**
 * `docker builder prune -f --filter id=ID`: removes one record of the engine's (BuildKit) build
 * cache. The engine answers with what it removed; an ID it does not know removes nothing.
 */
export async function removeBuildCacheOnEngine(id: string): Promise<{ removed: string[]; spaceReclaimed: number }> {
  // dockerode's pruneBuilder sends no options at all, which would prune the whole cache.
  const docker = getDocker();
  try {
    const answer = await new Promise<{ CachesDeleted?: string[] | null; SpaceReclaimed?: number }>((resolve, reject) =>
      docker.modem.dial(
        {
          path: "/build/prune?",
          method: "POST",
          statusCodes: { 200: true, 400: "bad parameter", 500: "server error" },
          options: { filters: JSON.stringify({ id: [id] }) },
        },
        (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as { CachesDeleted?: string[] | null })),
      ),
    );
    return { removed: answer.CachesDeleted ?? [], spaceReclaimed: answer.SpaceReclaimed ?? 0 };
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "remove build cache" });
  }
}
