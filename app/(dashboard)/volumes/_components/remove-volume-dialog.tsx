"use client";

import { useRouter } from "next/navigation";
import { conflictingContainers } from "@/app/_components/container-links";
import { RemoveInUseDialog } from "@/app/_components/remove-in-use-dialog";
import { useToast } from "@/app/_components/toast";
import { api } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { formatBytes } from "@/lib/format/bytes";
import { dockerVolumeRmCommand } from "@/lib/volumes/catalog";
import type { VolumeContainer, VolumeView } from "@/lib/volumes/types";
import { VolumeUsers } from "./volume-parts";

/**
 * DELETE /api/volumes/{name}. A volume in use cannot be removed, so the dialog says so before the
 * click and names the containers; a 409 that arrives anyway (a container created meanwhile) names them too.
 */
export function RemoveVolumeDialog({ volume, onClose, afterRemove }: { volume: VolumeView; onClose: () => void; afterRemove?: string }) {
  const toast = useToast();
  const router = useRouter();
  const removal = useAction(() => api.volumes.remove(volume.name), {
    invalidates: ["volumes", "containers"],
    onSuccess: () => {
      toast(`Removed volume ${volume.name}`);
      onClose();
      if (afterRemove) router.push(afterRemove);
    },
  });
  const conflict =
    conflictingContainers(removal.failure)?.map((c): VolumeContainer => ({ ...c, running: false, destination: null })) ?? null;
  const users = conflict ?? volume.containers;

  return (
    <RemoveInUseDialog
      title="Remove volume"
      name={volume.name}
      confirmLabel="Remove volume"
      onClose={onClose}
      onConfirm={() => void removal.start()}
      running={removal.running}
      error={conflict ? null : removal.error}
      inUse={
        users.length > 0
          ? {
              testId: "volume-in-use",
              message: (
                <>
                  In use by {users.length === 1 ? "a container" : `${users.length} containers`}: the engine refuses to remove it until{" "}
                  {users.length === 1 ? "it is" : "they are"} removed (a stopped container still holds its volumes).
                </>
              ),
              containers: <VolumeUsers containers={users} />,
            }
          : null
      }
      blockedTitle="Remove the containers that use it first"
      idle={`Its files${volume.size !== null ? ` (${formatBytes(volume.size)})` : ""} are deleted from the host for good. No container uses it now.`}
      command={dockerVolumeRmCommand({ name: volume.name })}
    />
  );
}
