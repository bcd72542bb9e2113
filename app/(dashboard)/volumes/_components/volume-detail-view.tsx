"use client";

import Link from "next/link";
import { useState } from "react";
import { CliCommand } from "@/app/_components/cli-command";
import { PairTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage } from "@/app/_lib/api-client";
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
      <div>
        <Link href="/volumes" className="text-sm text-sky-700 hover:underline">
          ← Volumes
        </Link>
        <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 data-testid="volume-title" className="font-mono text-xl font-semibold tracking-tight break-all">
              {name}
            </h1>
            {volume ? (
              <div className="mt-1">
                <VolumeBadges volume={volume} />
              </div>
            ) : null}
          </div>
          {volume ? (
            <RoleButton role={role} needs="admin" variant="secondary" onClick={() => setRemoving(true)}>
              Remove
            </RoleButton>
          ) : null}
        </div>
      </div>

      {error ? (
        <Notice tone="error" title={error.status === 404 ? "No such volume" : "Cannot read the volume"}>
          {errorMessage(error)}
        </Notice>
      ) : null}

      {volume ? (
        <>
          <section className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm sm:grid-cols-[auto_1fr]">
            <span className="text-slate-500">Driver</span>
            <span>{volume.driver}</span>
            <span className="text-slate-500">Scope</span>
            <span>{volume.scope}</span>
            <span className="text-slate-500">Size</span>
            <span data-testid="volume-detail-size">
              <VolumeSize size={volume.size} />
            </span>
            <span className="text-slate-500">Created</span>
            <span>{volume.createdAt ? <RelativeTime time={volume.createdAt} /> : "—"}</span>
            <span className="text-slate-500">Mountpoint</span>
            <span className="font-mono text-xs break-all">{volume.mountpoint}</span>
            <span className="text-slate-500">Used by</span>
            <span data-testid="volume-detail-users">
              <VolumeUsers containers={volume.containers} />
            </span>
          </section>
          <section className="space-y-2">
            <h2 className="text-base font-semibold">Labels</h2>
            <PairTable pairs={Object.entries(volume.labels)} empty="no labels" names={["Label", "Value"]} />
          </section>
          <section className="space-y-2">
            <h2 className="text-base font-semibold">Driver options</h2>
            <PairTable pairs={Object.entries(volume.options)} empty="no options" names={["Option", "Value"]} />
          </section>
          <CliCommand command={`docker volume inspect ${volume.name}`} wrap />
          {removing ? <RemoveVolumeDialog volume={volume} onClose={() => setRemoving(false)} afterRemove="/volumes" /> : null}
        </>
      ) : null}
    </div>
  );
}
