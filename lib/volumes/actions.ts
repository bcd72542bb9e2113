import "server-only";
import { recordAction } from "@/lib/audit/actions";
import { containersUsingVolumeOnEngine, createVolumeOnEngine, inspectVolumeOnEngine, removeVolumeOnEngine } from "@/lib/docker/volumes";
import { AppError, isAppError } from "@/lib/errors";
import { containerDisplayName, dockerVolumeCreateCommand, dockerVolumeRmCommand, toVolumeView } from "@/lib/volumes/catalog";
import type { CreatedVolume, CreateVolumeRequest, RemovedVolume } from "@/lib/volumes/types";

async function volumeExists(name: string): Promise<boolean> {
  return await inspectVolumeOnEngine(name).then(
    () => true,
    (error: unknown) => {
      if (isAppError(error) && error.code === "not_found:volume") return false;
      throw error;
    },
  );
}

/**
 * `docker volume create`, audited. The engine answers a create of an existing name with that
 * volume, as if it had made it; the dashboard says 409 instead, so nobody believes they own a
 * volume another workload fills.
 */
export async function createVolume({ request, actor }: { request: CreateVolumeRequest; actor: string }): Promise<CreatedVolume> {
  if (request.name && (await volumeExists(request.name))) {
    throw new AppError("conflict:volume", `A volume named ${request.name} already exists.`);
  }
  const command = dockerVolumeCreateCommand(request);
  return await recordAction(
    { action: "volume.create", target: request.name ?? "(named by the engine)", params: { ...request }, command, actor },
    async () => {
      const volume = await createVolumeOnEngine(request);
      // An unnamed volume's line names it now that the engine has.
      return {
        volume: toVolumeView(volume, [], null),
        command: request.name ? command : dockerVolumeCreateCommand({ ...request, name: volume.Name }),
      };
    },
    (result) => ({ name: result.volume.name, driver: result.volume.driver }),
  );
}

/**
 * `docker volume rm`, audited. While a container (running or stopped) mounts the volume the engine
 * refuses with only container IDs in its message: the 409 names them.
 */
export async function removeVolume({ name, actor }: { name: string; actor: string }): Promise<RemovedVolume> {
  const command = dockerVolumeRmCommand({ name });
  return await recordAction({ action: "volume.remove", target: name, params: { name }, command, actor }, async () => {
    try {
      await removeVolumeOnEngine(name);
    } catch (error) {
      if (!isAppError(error) || error.code !== "conflict:volume") throw error;
      const users = await containersUsingVolumeOnEngine(name).catch(() => []);
      const containers = users.map((container) => ({ id: container.Id, name: containerDisplayName(container) }));
      throw new AppError(
        "conflict:volume",
        containers.length > 0
          ? `Volume ${name} is in use by ${containers.length === 1 ? "container" : "containers"} ${containers.map((c) => c.name).join(", ")}: remove ${containers.length === 1 ? "it" : "them"} first (a stopped container still holds its volumes).`
          : error.message,
        { cause: error, details: { containers } },
      );
    }
    return { name, command };
  });
}
