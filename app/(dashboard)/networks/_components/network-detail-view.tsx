"use client";

import { useState } from "react";
import { CliCommand } from "@/app/_components/cli-command";
import {
  EngineObjectFacts,
  EngineObjectHeader,
  EngineObjectReadError,
  LabelsAndDriverOptions,
} from "@/app/_components/engine-object-detail";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
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
      <EngineObjectHeader
        back={{ href: "/networks", label: "Networks" }}
        title={network?.name ?? id}
        titleTestId="network-title"
        marks={
          network ? (
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs break-all text-slate-400">{network.id}</span>
              <NetworkBadges network={network} />
            </div>
          ) : null
        }
        action={
          network && !network.predefined ? (
            <RoleButton role={role} needs="admin" variant="secondary" onClick={() => setRemoving(true)}>
              Remove
            </RoleButton>
          ) : null
        }
      />

      <EngineObjectReadError error={error} noun="network" />

      {network ? (
        <>
          <EngineObjectFacts
            facts={[
              { label: "Driver", value: network.driver },
              { label: "Scope", value: network.scope },
              { label: "Subnet", value: <NetworkRange network={network} />, testId: "network-detail-subnet" },
              { label: "Created", value: network.createdAt ? <RelativeTime time={network.createdAt} /> : "—" },
              { label: "Containers", value: <NetworkContainers containers={network.containers} />, testId: "network-detail-containers" },
            ]}
          />
          <LabelsAndDriverOptions labels={network.labels} options={network.options} />
          <CliCommand command={`docker network inspect ${network.name}`} wrap />
          {removing ? <RemoveNetworkDialog network={network} onClose={() => setRemoving(false)} afterRemove="/networks" /> : null}
        </>
      ) : null}
    </div>
  );
}
