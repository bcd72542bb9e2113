import "server-only";
import type Docker from "dockerode";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import type { EngineContainer } from "@/lib/docker/containers";
import { engineMessage, toEngineError } from "@/lib/docker/errors";
import { AppError } from "@/lib/errors";

/** A volume as `GET /volumes` and `GET /volumes/{name}` answer (the type package lacks CreatedAt). */
export type EngineVolume = {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Scope?: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
  Status?: Record<string, unknown> | null;
  UsageData?: { Size: number; RefCount: number } | null;
};

const volumeError = (name: string, action: string) => (error: unknown) => {
  throw toEngineError(error, { kind: "volume", name, action });
};

/** `docker volume ls`. */
export async function listVolumesOnEngine(): Promise<EngineVolume[]> {
  try {
    const answer = (await getDocker().listVolumes()) as { Volumes: EngineVolume[] | null };
    return answer.Volumes ?? [];
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list volumes" });
  }
}

/**
 * Each local volume's disk use from `/system/df` (the only place the engine reports it), by name.
 * The engine walks every volume's files (and sizes images and containers too: Docker 20.10 has no
 * `type` filter), so this is one call per list and gives up after `timeoutMs`.
 */
export async function volumeUsageOnEngine({ timeoutMs }: { timeoutMs: number }): Promise<Map<string, { size: number; refCount: number }>> {
  try {
    // The type package does not list df's abortSignal option.
    const answer = (await (getDocker().df as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(getDocker(), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    })) as { Volumes?: EngineVolume[] | null };
    const usage = new Map<string, { size: number; refCount: number }>();
    for (const volume of answer.Volumes ?? []) {
      // The engine reports -1 where it could not compute a value (volumes of other drivers).
      if (volume.UsageData && volume.UsageData.Size >= 0)
        usage.set(volume.Name, { size: volume.UsageData.Size, refCount: volume.UsageData.RefCount });
    }
    return usage;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "AbortError" || name === "TimeoutError") {
      throw new AppError(
        "unavailable:engine",
        `The engine's disk-usage report (system df) took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`,
        {
          cause: error,
        },
      );
    }
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read the disk usage (system df) of" });
  }
}

/** `docker volume inspect`; 404 for an unknown volume. */
export async function inspectVolumeOnEngine(name: string): Promise<EngineVolume> {
  return (await getDocker().getVolume(name).inspect().catch(volumeError(name, "inspect"))) as unknown as EngineVolume;
}

/** `docker volume create`; without a name the engine makes one up (64 hex digits). */
export async function createVolumeOnEngine(request: {
  name?: string;
  driver?: string;
  labels?: Record<string, string>;
}): Promise<EngineVolume> {
  const options: Docker.VolumeCreateOptions = {
    ...(request.name ? { Name: request.name } : {}),
    ...(request.driver ? { Driver: request.driver } : {}),
    ...(request.labels ? { Labels: request.labels } : {}),
  };
  // dockerode answers with a handle, not the engine's answer: read the volume back.
  const created = await getDocker()
    .createVolume(options)
    .catch((error: unknown) => {
      // The only 404 a create can get is for the driver: the volume itself is being made.
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new AppError("bad_request:volume", `Docker has no volume driver ${request.driver ?? "local"}: ${engineMessage(error)}`, {
          cause: error,
        });
      }
      return volumeError(request.name ?? "(unnamed)", "create")(error);
    });
  return await inspectVolumeOnEngine(created.name);
}

/** `docker volume rm`: 409 while a container (running or not) uses it. */
export async function removeVolumeOnEngine(name: string): Promise<void> {
  await getDocker().getVolume(name).remove().catch(volumeError(name, "remove"));
}

/** Containers, running or stopped, that mount the volume. */
export async function containersUsingVolumeOnEngine(name: string): Promise<EngineContainer[]> {
  try {
    return (await getDocker().listContainers({ all: true, filters: { volume: [name] } })) as EngineContainer[];
  } catch (error) {
    throw toEngineError(error, { kind: "volume", name, action: "list the containers of" });
  }
}
