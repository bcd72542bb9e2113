import type { EngineContainer } from "@/lib/docker/containers";
import type { EngineNetwork } from "@/lib/docker/networks";
import { labelFlags } from "@/lib/docker/object-fields";
import { dockerCommand } from "@/lib/cli/command";
import { PREDEFINED_NETWORKS } from "@/lib/networks/schemas";
import type { CreateNetworkRequest, NetworkContainer, NetworkView } from "@/lib/networks/types";

// Pure: the engine's networks in the dashboard's names, who is attached, and their CLI lines.

/** True for bridge, host and none, which the engine makes itself and refuses to remove. */
export function isPredefinedNetwork(name: string): boolean {
  return (PREDEFINED_NETWORKS as readonly string[]).includes(name);
}

function withoutPrefix(address: string | undefined): string | null {
  if (!address) return null;
  return address.replace(/\/\d+$/, "") || null;
}

function displayName(container: Pick<EngineContainer, "Id" | "Names">): string {
  return container.Names?.[0]?.replace(/^\//, "") || container.Id.slice(0, 12);
}

/**
 * The containers attached to a network, stopped ones included, from one container list (the
 * engine's own network inspect names only running ones). A container's entry is matched by the
 * network's ID, or by name when the engine left the ID empty (a container that never ran).
 */
export function attachedContainers(
  network: Pick<EngineNetwork, "Id" | "Name" | "Containers">,
  containers: readonly EngineContainer[],
): NetworkContainer[] {
  const attached: NetworkContainer[] = [];
  const seen = new Set<string>();
  for (const container of containers) {
    for (const [name, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      const matches = endpoint.NetworkID ? endpoint.NetworkID === network.Id : name === network.Name;
      if (!matches) continue;
      seen.add(container.Id);
      attached.push({
        id: container.Id,
        name: displayName(container),
        running: container.State === "running",
        ipv4: endpoint.IPAddress || null,
        ipv6: endpoint.GlobalIPv6Address || null,
      });
    }
  }
  // Inspect's list is authoritative for running endpoints: add any the container list missed.
  for (const [id, endpoint] of Object.entries(network.Containers ?? {})) {
    if (seen.has(id) || id.startsWith("ep-")) continue;
    attached.push({
      id,
      name: endpoint.Name,
      running: true,
      ipv4: withoutPrefix(endpoint.IPv4Address),
      ipv6: withoutPrefix(endpoint.IPv6Address),
    });
  }
  return attached.sort((a, b) => a.name.localeCompare(b.name));
}

/** One network in the dashboard's names. */
export function toNetworkView(network: EngineNetwork, containers: NetworkContainer[]): NetworkView {
  const subnets = (network.IPAM?.Config ?? [])
    .filter((range): range is { Subnet: string; Gateway?: string } => Boolean(range.Subnet))
    .map((range) => ({ subnet: range.Subnet, gateway: range.Gateway ? range.Gateway : null }));
  return {
    id: network.Id,
    shortId: network.Id.slice(0, 12),
    name: network.Name,
    driver: network.Driver,
    scope: network.Scope,
    subnet: subnets[0]?.subnet ?? null,
    gateway: subnets[0]?.gateway ?? null,
    subnets,
    internal: network.Internal === true,
    predefined: isPredefinedNetwork(network.Name),
    createdAt: network.Created && !network.Created.startsWith("0001-") ? network.Created : null,
    labels: network.Labels ?? {},
    containers,
  };
}

/** The engine's own networks first, then by name. */
export function sortNetworks(networks: NetworkView[]): NetworkView[] {
  return [...networks].sort((a, b) => (a.predefined === b.predefined ? a.name.localeCompare(b.name) : a.predefined ? -1 : 1));
}

/**
 * `docker network create [--driver D] [--subnet S] [--gateway G] [--internal] [--label k=v]... NAME`;
 * the default driver (bridge) is left out.
 *
 * @example dockerNetworkCreateCommand({ name: "backend", driver: "bridge", internal: true }) // "docker network create --internal backend"
 */
export function dockerNetworkCreateCommand(
  request: Pick<CreateNetworkRequest, "name" | "driver" | "internal"> & Partial<CreateNetworkRequest>,
): string {
  return dockerCommand([
    "network",
    "create",
    ...(request.driver && request.driver !== "bridge" ? ["--driver", request.driver] : []),
    ...(request.subnet ? ["--subnet", request.subnet] : []),
    ...(request.gateway ? ["--gateway", request.gateway] : []),
    request.internal && "--internal",
    ...labelFlags(request.labels),
    request.name,
  ]);
}

/**
 * `docker network rm NAME`.
 *
 * @example dockerNetworkRmCommand({ network: "backend" }) // "docker network rm backend"
 */
export function dockerNetworkRmCommand(options: { network: string }): string {
  return dockerCommand(["network", "rm", options.network]);
}
