"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, isApiError } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerNetworkRmCommand } from "@/lib/networks/catalog";
import type { NetworkContainer, NetworkView } from "@/lib/networks/types";
import { NetworkContainers } from "./network-parts";

/** DELETE /api/networks/{id}: says up front which containers are attached, since the engine refuses then. */
export function RemoveNetworkDialog({
  network,
  onClose,
  afterRemove,
}: {
  network: NetworkView;
  onClose: () => void;
  afterRemove?: string;
}) {
  const toast = useToast();
  const router = useRouter();
  const removal = useAction(() => api.networks.remove(network.id), {
    invalidates: ["networks"],
    onSuccess: () => {
      toast(`Removed network ${network.name}`);
      onClose();
      if (afterRemove) router.push(afterRemove);
    },
  });
  const conflict =
    isApiError(removal.failure) && removal.failure.status === 409 && Array.isArray(removal.failure.body.containers)
      ? (removal.failure.body.containers as { id: string; name: string }[]).map((c): NetworkContainer => ({
          ...c,
          running: false,
          ipv4: null,
          ipv6: null,
        }))
      : null;
  const attached = conflict ?? network.containers;

  return (
    <Dialog
      open
      onClose={onClose}
      title="Remove network"
      description={<span className="font-mono break-all text-slate-700">{network.name}</span>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void removal.start()} disabled={removal.running || attached.length > 0}>
            {removal.running ? "Removing…" : "Remove network"}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {attached.length > 0 ? (
          <div data-testid="network-in-use" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            <p className="font-medium">
              {attached.length === 1 ? "A container is" : `${attached.length} containers are`} attached: disconnect or remove{" "}
              {attached.length === 1 ? "it" : "them"} first (a stopped container left on a removed network could not start again).
            </p>
            <NetworkContainers containers={attached} />
          </div>
        ) : (
          <p>No container is attached. Removing it deletes the network and its address range.</p>
        )}
        <CliCommand command={dockerNetworkRmCommand({ network: network.name })} wrap />
        {removal.error && !conflict ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
