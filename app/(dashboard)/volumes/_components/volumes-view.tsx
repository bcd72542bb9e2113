"use client";

import { useState } from "react";
import { Notice } from "@/app/_components/notice";
import { ListTable } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage } from "@/app/_lib/api-client";
import { useVolumes } from "@/app/_lib/hooks/use-volumes";
import type { Role } from "@/lib/auth/roles";
import { formatBytes } from "@/lib/format/bytes";
import type { VolumeView } from "@/lib/volumes/types";
import { CreateVolumeDialog } from "./create-volume-dialog";
import { RemoveVolumeDialog } from "./remove-volume-dialog";
import { VolumeBadges, VolumeName, VolumeSize, VolumeUsers } from "./volume-parts";

/** The volume list (a table from 640 px, cards below), with create and remove. */
export function VolumesView({ role }: { role: Role }) {
  const { data, error, isLoading } = useVolumes();
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<VolumeView | null>(null);
  const volumes = data?.volumes ?? [];
  const unused = volumes.filter((volume) => volume.containers.length === 0);
  const anonymous = volumes.filter((volume) => volume.anonymous);
  const unusedBytes = unused.reduce((sum, volume) => sum + (volume.size ?? 0), 0);

  const removeButton = (volume: VolumeView) => (
    <RoleButton
      role={role}
      needs="admin"
      size="sm"
      variant="ghost-danger"
      onClick={() => setRemoving(volume)}
      aria-label={`Remove volume ${volume.name}`}
    >
      Remove
    </RoleButton>
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p data-testid="volumes-summary" className="text-sm text-slate-600">
          {data ? (
            <>
              {volumes.length} {volumes.length === 1 ? "volume" : "volumes"} · {anonymous.length} anonymous · {unused.length} unused
              {unused.length > 0 && data.sizeError === null ? ` (${formatBytes(unusedBytes)})` : ""}
            </>
          ) : (
            " "
          )}
        </p>
        <RoleButton role={role} needs="operator" variant="primary" onClick={() => setCreating(true)}>
          Create volume
        </RoleButton>
      </div>

      {error ? (
        <Notice tone="error" title="Cannot list the volumes">
          {errorMessage(error)}
        </Notice>
      ) : null}
      {data?.sizeError ? (
        <Notice tone="warning" title="Sizes unknown" testId="volumes-size-error">
          {data.sizeError}
        </Notice>
      ) : null}

      <div className="hidden sm:block">
        <ListTable
          label="Volumes"
          testId="volumes-table"
          columns={["Name", "Used by", { label: "Size", align: "right" }, "Driver", "Created"]}
          below={
            data && volumes.length === 0 ? (
              <p data-testid="volumes-empty" className="px-4 py-12 text-center text-sm text-slate-500">
                No volumes on this engine.
              </p>
            ) : isLoading ? (
              <p className="px-4 py-12 text-center text-sm text-slate-500">Loading volumes…</p>
            ) : null
          }
        >
          {volumes.map((volume) => (
            <tr key={volume.name} data-testid="volume-row" data-volume-name={volume.name}>
              <td className="max-w-[28rem] py-2 pr-3 pl-4 align-top">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <VolumeName volume={volume} />
                  <VolumeBadges volume={volume} />
                </div>
                <p className="mt-0.5 truncate font-mono text-xs text-slate-400" title={volume.mountpoint}>
                  {volume.mountpoint}
                </p>
              </td>
              <td className="px-3 py-2 align-top" data-testid="volume-users">
                <VolumeUsers containers={volume.containers} />
              </td>
              <td className="px-3 py-2 text-right align-top whitespace-nowrap tabular-nums" data-testid="volume-size">
                <VolumeSize size={volume.size} />
              </td>
              <td className="px-3 py-2 align-top">{volume.driver}</td>
              <td className="px-3 py-2 align-top whitespace-nowrap">
                {volume.createdAt ? <RelativeTime time={volume.createdAt} /> : <span className="text-slate-400">—</span>}
              </td>
              <td className="py-2 pr-4 pl-3 text-right align-top">{removeButton(volume)}</td>
            </tr>
          ))}
        </ListTable>
      </div>

      <ul className="space-y-2 sm:hidden" aria-label="Volumes" data-testid="volumes-cards">
        {volumes.map((volume) => (
          <li
            key={volume.name}
            data-testid="volume-card"
            data-volume-name={volume.name}
            className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-sm"
          >
            <div className="flex items-start justify-between gap-2">
              <div className="min-w-0">
                <VolumeName volume={volume} />
                <div className="mt-1">
                  <VolumeBadges volume={volume} />
                </div>
              </div>
              {removeButton(volume)}
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-slate-500">Size</dt>
              <dd className="tabular-nums">
                <VolumeSize size={volume.size} />
              </dd>
              <dt className="text-slate-500">Used by</dt>
              <dd className="min-w-0">
                <VolumeUsers containers={volume.containers} />
              </dd>
              <dt className="text-slate-500">Created</dt>
              <dd>{volume.createdAt ? <RelativeTime time={volume.createdAt} /> : "—"}</dd>
            </dl>
          </li>
        ))}
        {data && volumes.length === 0 ? <li className="py-8 text-center text-slate-500">No volumes on this engine.</li> : null}
      </ul>

      {creating ? <CreateVolumeDialog onClose={() => setCreating(false)} /> : null}
      {removing ? <RemoveVolumeDialog volume={removing} onClose={() => setRemoving(null)} /> : null}
    </div>
  );
}
