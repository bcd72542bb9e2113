"use client";

import Link from "next/link";
import { useState } from "react";
import { ListTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage } from "@/app/_lib/api-client";
import { useNetworks } from "@/app/_lib/hooks/use-networks";
import type { Role } from "@/lib/auth/roles";
import type { NetworkView } from "@/lib/networks/types";
import { CreateNetworkDialog } from "./create-network-dialog";
import { NetworkBadges, NetworkContainers, NetworkRange, networkPath } from "./network-parts";
import { RemoveNetworkDialog } from "./remove-network-dialog";

/** The network list (a table from 640 px, cards below), with create and remove for admins. */
export function NetworksView({ role }: { role: Role }) {
  const { data, error, isLoading } = useNetworks();
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<NetworkView | null>(null);
  const networks = data?.networks ?? [];

  const removeButton = (network: NetworkView) =>
    network.predefined ? null : (
      <RoleButton
        role={role}
        needs="admin"
        size="sm"
        variant="ghost-danger"
        onClick={() => setRemoving(network)}
        aria-label={`Remove network ${network.name}`}
      >
        Remove
      </RoleButton>
    );
  const nameLink = (network: NetworkView) => (
    <Link href={networkPath(network)} className="font-medium break-all text-sky-700 hover:underline">
      {network.name}
    </Link>
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p data-testid="networks-summary" className="text-sm text-slate-600">
          {data ? `${networks.length} ${networks.length === 1 ? "network" : "networks"}` : " "}
        </p>
        <RoleButton role={role} needs="admin" variant="primary" onClick={() => setCreating(true)}>
          Create network
        </RoleButton>
      </div>

      {error ? (
        <Notice tone="error" title="Cannot list the networks">
          {errorMessage(error)}
        </Notice>
      ) : null}

      <div className="hidden sm:block">
        <ListTable
          label="Networks"
          testId="networks-table"
          columns={["Name", "Driver", "Subnet", "Containers", "Created"]}
          below={isLoading ? <p className="px-4 py-12 text-center text-sm text-slate-500">Loading networks…</p> : null}
        >
          {networks.map((network) => (
            <tr key={network.id} data-testid="network-row" data-network-name={network.name}>
              <td className="py-2 pr-3 pl-4 align-top">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  {nameLink(network)}
                  <NetworkBadges network={network} />
                </div>
                <p className="font-mono text-xs text-slate-400" title={network.id}>
                  {network.shortId}
                </p>
              </td>
              <td className="px-3 py-2 align-top">
                {network.driver}
                <span className="text-xs text-slate-400"> · {network.scope}</span>
              </td>
              <td className="px-3 py-2 align-top">
                <NetworkRange network={network} />
              </td>
              <td className="px-3 py-2 align-top" data-testid="network-containers">
                <NetworkContainers containers={network.containers} />
              </td>
              <td className="px-3 py-2 align-top whitespace-nowrap">
                {network.createdAt ? <RelativeTime time={network.createdAt} /> : <span className="text-slate-400">—</span>}
              </td>
              <td className="py-2 pr-4 pl-3 text-right align-top">{removeButton(network)}</td>
            </tr>
          ))}
        </ListTable>
      </div>

      <ul className="space-y-2 sm:hidden" aria-label="Networks" data-testid="networks-cards">
        {networks.map((network) => (
          <li
            key={network.id}
            data-testid="network-card"
            data-network-name={network.name}
            className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-sm"
          >
            <div className="flex items-start justify-between gap-2">
              <div className="min-w-0">
                {nameLink(network)}
                <div className="mt-1">
                  <NetworkBadges network={network} />
                </div>
              </div>
              {removeButton(network)}
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-500">Driver</dt>
              <dd>{network.driver}</dd>
              <dt className="text-slate-500">Subnet</dt>
              <dd className="min-w-0">
                <NetworkRange network={network} />
              </dd>
              <dt className="text-slate-500">Containers</dt>
              <dd className="min-w-0">
                <NetworkContainers containers={network.containers} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>

      {creating ? <CreateNetworkDialog onClose={() => setCreating(false)} /> : null}
      {removing ? <RemoveNetworkDialog network={removing} onClose={() => setRemoving(null)} /> : null}
    </div>
  );
}
