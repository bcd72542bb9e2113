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
import { useVolume } from "@/app/_lib/hooks/use-volumes";
import type { Role } from "@/lib/auth/roles";
import { RemoveVolumeDialog } from "./remove-volume-dialog";
import { VolumeBadges, VolumeSize, VolumeUsers } from "./volume-parts";

/** One volume: where it lives, who uses it, its labels and options. */
export function VolumeDetailView({ name, role }: { name: string; role: Role }) {
  const { data: volume, error } = useVolume(name);
  const [removing, setRemoving] = useState(false);

  return (
    <div className="space-y-5">
      <EngineObjectHeader
        back={{ href: "/volumes", label: "Volumes" }}
        title={name}
        titleTestId="volume-title"
        mono
        marks={
          volume ? (
            <div className="mt-1">
              <VolumeBadges volume={volume} />
            </div>
          ) : null
        }
        action={
          volume ? (
            <RoleButton role={role} needs="admin" variant="secondary" onClick={() => setRemoving(true)}>
              Remove
            </RoleButton>
          ) : null
        }
      />

      <EngineObjectReadError error={error} noun="volume" />

      {volume ? (
        <>
          <EngineObjectFacts
            facts={[
              { label: "Driver", value: volume.driver },
              { label: "Scope", value: volume.scope },
              { label: "Size", value: <VolumeSize size={volume.size} />, testId: "volume-detail-size" },
              { label: "Created", value: volume.createdAt ? <RelativeTime time={volume.createdAt} /> : "—" },
              { label: "Mountpoint", value: volume.mountpoint, className: "font-mono text-xs break-all" },
              { label: "Used by", value: <VolumeUsers containers={volume.containers} />, testId: "volume-detail-users" },
            ]}
          />
          <LabelsAndDriverOptions labels={volume.labels} options={volume.options} />
          <CliCommand command={`docker volume inspect ${volume.name}`} wrap />
          {removing ? <RemoveVolumeDialog volume={volume} onClose={() => setRemoving(false)} afterRemove="/volumes" /> : null}
        </>
      ) : null}
    </div>
  );
}
