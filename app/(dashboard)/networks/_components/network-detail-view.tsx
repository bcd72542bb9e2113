"use client";

import Link from "next/link";
import { useState } from "react";
import { CliCommand } from "@/app/_components/cli-command";
import { PairTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage } from "@/app/_lib/api-client";
import { useNetwork } from "@/app/_lib/hooks/use-networks";
import type { Role } from "@/lib/auth/roles";
import { NetworkBadges, NetworkContainers, NetworkRange } from "./network-parts";
import { RemoveNetworkDialog } from "./remove-network-dialog";

/** One network: driver, address ranges, attached containers, labels and options. */
export function NetworkDetailView({ id, role }: { id: string; role: Role }) {
  const { data: network, error } = useNetwork(id);
  const [removing, setRemoving] = useState(false);

  return (
    <div className="space-y-5">
      <div>
        <Link href="/networks" className="text-sm text-sky-700 hover:underline">
          ← Networks
        </Link>
        <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 data-testid="network-title" className="text-xl font-semibold tracking-tight break-all">
              {network?.name ?? id}
            </h1>
            {network ? (
              <div className="mt-1 flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs break-all text-slate-400">{network.id}</span>
                <NetworkBadges network={network} />
              </div>
            ) : null}
          </div>
          {network && !network.predefined ? (
            <RoleButton role={role} needs="admin" variant="secondary" onClick={() => setRemoving(true)}>
              Remove
            </RoleButton>
          ) : null}
        </div>
      </div>

      {error ? (
        <Notice tone="error" title={error.status === 404 ? "No such network" : "Cannot read the network"}>
          {errorMessage(error)}
        </Notice>
      ) : null}

      {network ? (
        <>
          <section className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm sm:grid-cols-[auto_1fr]">
            <span className="text-slate-500">Driver</span>
            <span>{network.driver}</span>
            <span className="text-slate-500">Scope</span>
            <span>{network.scope}</span>
            <span className="text-slate-500">Subnet</span>
            <span data-testid="network-detail-subnet">
              <NetworkRange network={network} />
            </span>
            <span className="text-slate-500">Created</span>
            <span>{network.createdAt ? <RelativeTime time={network.createdAt} /> : "—"}</span>
            <span className="text-slate-500">Containers</span>
            <span data-testid="network-detail-containers">
              <NetworkContainers containers={network.containers} />
            </span>
          </section>
          <section className="space-y-2">
            <h2 className="text-base font-semibold">Labels</h2>
            <PairTable pairs={Object.entries(network.labels)} empty="no labels" names={["Label", "Value"]} />
          </section>
          <section className="space-y-2">
            <h2 className="text-base font-semibold">Driver options</h2>
            <PairTable pairs={Object.entries(network.options)} empty="no options" names={["Option", "Value"]} />
          </section>
          <CliCommand command={`docker network inspect ${network.name}`} wrap />
          {removing ? <RemoveNetworkDialog network={network} onClose={() => setRemoving(false)} afterRemove="/networks" /> : null}
        </>
      ) : null}
    </div>
  );
}
