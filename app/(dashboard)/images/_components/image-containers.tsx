"use client";

import Link from "next/link";
import { useState } from "react";
import { StateBadge } from "@/app/_components/badge";
import { ListTable } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import type { Role } from "@/lib/auth/roles";
import type { ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { containerPath } from "../../containers/_components/container-format";
import { CommitDialog } from "./commit-dialog";
import { ExportDialog } from "./download-dialogs";

export function ImageContainers({ containers, role }: { containers: ContainerSummary[]; role: Role }) {
  const [dialog, setDialog] = useState<{ kind: "commit" | "export"; container: ContainerSummary } | null>(null);
  if (containers.length === 0) {
    return (
      <p data-testid="containers-empty" className="px-4 py-6 text-center text-sm text-slate-500">
        No container was created from this image. Removing it will not be blocked by a container.
      </p>
    );
  }
  return (
    <ListTable
      columns={[
        "Name",
        "State",
        "Status",
        "Command",
        "Created",
        { label: "Written (sizeRw)", align: "right", title: "Bytes in the container's writable layer" },
      ]}
      framed={false}
      below={
        <>
          {dialog?.kind === "commit" ? <CommitDialog container={dialog.container} onClose={() => setDialog(null)} /> : null}
          {dialog?.kind === "export" ? <ExportDialog container={dialog.container} onClose={() => setDialog(null)} /> : null}
        </>
      }
    >
      {containers.map((container) => (
        <tr key={container.id} data-testid="container-row" data-container-name={container.name}>
          <td className="py-2 pr-3 pl-4">
            <Link href={containerPath(container.id)} className="font-mono font-medium text-sky-700 hover:underline">
              {container.name || "(unnamed)"}
            </Link>
            <span className="ml-2 font-mono text-xs text-slate-400">{container.shortId}</span>
          </td>
          <td className="px-3 py-2">
            <StateBadge state={container.state} />
          </td>
          <td className="px-3 py-2 text-slate-600">{container.status}</td>
          <td className="max-w-xs truncate px-3 py-2 font-mono text-xs text-slate-600" title={container.command}>
            {container.command}
          </td>
          <td className="px-3 py-2 whitespace-nowrap text-slate-600">
            {container.created ? <RelativeTime time={container.created} /> : "—"}
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{container.sizeRw === null ? "—" : formatBytes(container.sizeRw)}</td>
          <td className="py-1.5 pr-4 pl-3 text-right whitespace-nowrap">
            <RoleButton
              role={role}
              needs="operator"
              size="sm"
              variant="ghost"
              onClick={() => setDialog({ kind: "commit", container })}
              aria-label={`Commit ${container.name || container.shortId}`}
              title="docker commit: a new image from this container's changes"
            >
              Commit
            </RoleButton>
            <RoleButton
              role={role}
              needs="operator"
              size="sm"
              variant="ghost"
              onClick={() => setDialog({ kind: "export", container })}
              aria-label={`Export ${container.name || container.shortId}`}
              title="docker export: download the container's filesystem as a tar"
            >
              Export
            </RoleButton>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
