import { Badge } from "@/app/_components/badge";
import { ContainerLinks } from "@/app/_components/container-links";
import type { NetworkContainer, NetworkView } from "@/lib/networks/types";

export function networkPath(network: Pick<NetworkView, "name">): string {
  return `/networks/${encodeURIComponent(network.name)}`;
}

export function NetworkBadges({ network }: { network: Pick<NetworkView, "predefined" | "internal"> }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {network.predefined ? (
        <Badge tone="gray" title="Made by the engine; cannot be removed">
          predefined
        </Badge>
      ) : null}
      {network.internal ? (
        <Badge tone="amber" title="No route out: containers reach only each other">
          internal
        </Badge>
      ) : null}
    </span>
  );
}

/** Subnet and gateway, or a dash for networks without addresses (host, none). */
export function NetworkRange({ network }: { network: Pick<NetworkView, "subnets"> }) {
  if (network.subnets.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="font-mono text-xs">
      {network.subnets.map((range) => (
        <li key={range.subnet} className="break-all">
          {range.subnet}
          {range.gateway ? <span className="text-slate-500"> via {range.gateway}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** Attached containers as links with their address on the network. */
export function NetworkContainers({ containers }: { containers: readonly NetworkContainer[] }) {
  return <ContainerLinks containers={containers} note={(container) => container.ipv4} />;
}
