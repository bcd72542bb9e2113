"use client";

import { useRouter } from "next/navigation";
import { conflictingContainers } from "@/app/_components/container-links";
import { RemoveInUseDialog } from "@/app/_components/remove-in-use-dialog";
import { useToast } from "@/app/_components/toast";
import { api } from "@/app/_lib/api-client";
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
    conflictingContainers(removal.failure)?.map((c): NetworkContainer => ({ ...c, running: false, ipv4: null, ipv6: null })) ?? null;
  const attached = conflict ?? network.containers;

  return (
    <RemoveInUseDialog
      title="Remove network"
      name={network.name}
      confirmLabel="Remove network"
      onClose={onClose}
      onConfirm={() => void removal.start()}
      running={removal.running}
      error={conflict ? null : removal.error}
      inUse={
        attached.length > 0
          ? {
              testId: "network-in-use",
              message: (
                <>
                  {attached.length === 1 ? "A container is" : `${attached.length} containers are`} attached: disconnect or remove{" "}
                  {attached.length === 1 ? "it" : "them"} first (a stopped container left on a removed network could not start again).
                </>
              ),
              containers: <NetworkContainers containers={attached} />,
            }
          : null
      }
      idle="No container is attached. Removing it deletes the network and its address range."
      command={dockerNetworkRmCommand({ network: network.name })}
    />
  );
}
