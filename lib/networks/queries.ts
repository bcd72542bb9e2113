import "server-only";
import { listContainersOnEngine } from "@/lib/docker/containers";
import { inspectNetworkOnEngine, listNetworksOnEngine } from "@/lib/docker/networks";
import { attachedContainers, sortNetworks, toNetworkView } from "@/lib/networks/catalog";
import type { NetworkDetail, NetworkList } from "@/lib/networks/types";

/** Every network with the containers attached to it: one network list and one container list. */
export async function listNetworks(): Promise<NetworkList> {
  const [networks, containers] = await Promise.all([listNetworksOnEngine(), listContainersOnEngine()]);
  return { networks: sortNetworks(networks.map((network) => toNetworkView(network, attachedContainers(network, containers)))) };
}

/** One network by ID, short ID or name (`docker network inspect`); 404 for an unknown one. */
export async function inspectNetwork(ref: string): Promise<NetworkDetail> {
  const [network, containers] = await Promise.all([inspectNetworkOnEngine(ref), listContainersOnEngine()]);
  return {
    ...toNetworkView(network, attachedContainers(network, containers)),
    options: network.Options ?? {},
    raw: network as unknown as Record<string, unknown>,
  };
}
