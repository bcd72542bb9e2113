import "server-only";
import { recordAction } from "@/lib/audit/actions";
import { createNetworkOnEngine, removeNetworkOnEngine } from "@/lib/docker/networks";
import { AppError } from "@/lib/errors";
import { dockerNetworkCreateCommand, dockerNetworkRmCommand, isPredefinedNetwork } from "@/lib/networks/catalog";
import { inspectNetwork } from "@/lib/networks/queries";
import type { CreatedNetwork, CreateNetworkRequest, RemovedNetwork } from "@/lib/networks/types";

function predefinedError(name: string): AppError {
  return new AppError("conflict:network", `${name} is one of the engine's own networks (bridge, host, none) and cannot be removed.`, {
    details: { predefined: true },
  });
}

/** `docker network create`, audited; a taken name or an overlapping subnet is a 409. */
export async function createNetwork({ request, actor }: { request: CreateNetworkRequest; actor: string }): Promise<CreatedNetwork> {
  const command = dockerNetworkCreateCommand(request);
  return await recordAction(
    { action: "network.create", target: request.name, params: { ...request }, command, actor },
    async () => {
      const id = await createNetworkOnEngine(request);
      const network = await inspectNetwork(id);
      const { options: _options, raw: _raw, ...view } = network;
      return { network: view, command };
    },
    (result) => ({ id: result.network.id, name: result.network.name, subnet: result.network.subnet }),
  );
}

/**
 * `docker network rm`, audited. The engine's own networks are refused before the engine is asked;
 * a network with containers attached (running or stopped) is a 409 naming them, since a stopped
 * container left on a removed network can no longer start.
 */
export async function removeNetwork({ ref, actor }: { ref: string; actor: string }): Promise<RemovedNetwork> {
  if (isPredefinedNetwork(ref)) throw predefinedError(ref);
  const network = await inspectNetwork(ref);
  if (network.predefined) throw predefinedError(network.name);
  const command = dockerNetworkRmCommand({ network: network.name });
  return await recordAction({ action: "network.remove", target: network.name, params: { id: network.id }, command, actor }, async () => {
    if (network.containers.length > 0) {
      const containers = network.containers.map((container) => ({ id: container.id, name: container.name }));
      throw new AppError(
        "conflict:network",
        `Network ${network.name} has ${containers.length === 1 ? "a container" : `${containers.length} containers`} attached: ${containers.map((c) => c.name).join(", ")}. Disconnect or remove ${containers.length === 1 ? "it" : "them"} first.`,
        { details: { containers } },
      );
    }
    await removeNetworkOnEngine(network.id);
    return { id: network.id, name: network.name, command };
  });
}
