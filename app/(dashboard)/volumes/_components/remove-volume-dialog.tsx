"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, isApiError } from "@/app/_lib/api-client";
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
    isApiError(removal.failure) && removal.failure.status === 409 && Array.isArray(removal.failure.body.containers)
      ? (removal.failure.body.containers as { id: string; name: string }[]).map((c): VolumeContainer => ({
          ...c,
          running: false,
          destination: null,
        }))
      : null;
  const users = conflict ?? volume.containers;
  const inUse = users.length > 0;

  return (
    <Dialog
      open
      onClose={onClose}
      title="Remove volume"
      description={<span className="font-mono break-all text-slate-700">{volume.name}</span>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => void removal.start()}
            disabled={removal.running || inUse}
            title={inUse ? "Remove the containers that use it first" : undefined}
          >
            {removal.running ? "Removing…" : "Remove volume"}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {inUse ? (
          <div data-testid="volume-in-use" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            <p className="font-medium">
              In use by {users.length === 1 ? "a container" : `${users.length} containers`}: the engine refuses to remove it until{" "}
              {users.length === 1 ? "it is" : "they are"} removed (a stopped container still holds its volumes).
            </p>
            <VolumeUsers containers={users} />
          </div>
        ) : (
          <p>
            Its files{volume.size !== null ? ` (${formatBytes(volume.size)})` : ""} are deleted from the host for good. No container uses it
            now.
          </p>
        )}
        <CliCommand command={dockerVolumeRmCommand({ name: volume.name })} wrap />
        {removal.error && !conflict ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
