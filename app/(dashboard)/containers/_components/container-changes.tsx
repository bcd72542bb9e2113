"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { CliCommand } from "@/app/_components/cli-command";
import { Notice } from "@/app/_components/notice";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage } from "@/app/_lib/api-client";
import { CommitDialog } from "@/app/(dashboard)/images/_components/commit-dialog";
import type { Role } from "@/lib/auth/roles";
import { dockerDiffCommand } from "@/lib/cli/command";
import type { ContainerChange, ContainerChangeKind } from "@/lib/containers/types";
import { containerLabel } from "./container-format";
import { useContainer, useContainerChanges } from "@/app/_lib/hooks/use-containers";

// The letters and order of `docker diff`.
const KINDS: { kind: ContainerChangeKind; letter: string; label: string; tone: string }[] = [
  { kind: "added", letter: "A", label: "added", tone: "bg-emerald-100 text-emerald-800" },
  { kind: "changed", letter: "C", label: "changed", tone: "bg-amber-100 text-amber-800" },
  { kind: "deleted", letter: "D", label: "deleted", tone: "bg-red-100 text-red-800" },
];
const KIND = Object.fromEntries(KINDS.map((entry) => [entry.kind, entry])) as Record<ContainerChangeKind, (typeof KINDS)[number]>;

/** The Changes tab: `docker diff`, the writable layer's files compared with the image. */
export function ContainerChanges({ reference, role }: { reference: string; role: Role }) {
  const { data: detail } = useContainer(reference);
  const { data, error } = useContainerChanges(reference);
  const [only, setOnly] = useState<ContainerChangeKind | null>(null);
  const [committing, setCommitting] = useState(false);
  const label = detail ? containerLabel(detail) : reference;
  const shown = data ? data.changes.filter((change) => only === null || change.kind === only) : [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p data-testid="changes-explanation" className="max-w-3xl min-w-72 flex-1 text-sm text-slate-600">
          These are the files of the container&apos;s writable layer compared with its image: an added file exists only in that layer, a
          changed file was copied up from an image layer into the writable layer before being modified, and a deleted file is hidden by a
          whiteout in the writable layer while the image layer still has it, so the image itself is unchanged.
        </p>
        <RoleButton
          role={role}
          needs="operator"
          variant="primary"
          disabled={!detail}
          onClick={() => setCommitting(true)}
          title="docker commit: make these changes the top layer of a new image"
        >
          Commit this container
        </RoleButton>
      </div>
      <CliCommand command={dockerDiffCommand({ container: label })} testId="cli-diff" />

      {error ? (
        <Notice
          tone="error"
          title={data ? "Showing the last changes received" : "Cannot read the container's changes"}
          testId="changes-error"
        >
          {errorMessage(error)}
        </Notice>
      ) : null}

      {data ? (
        <section className="rounded-lg border border-slate-200 bg-white">
          <div
            data-testid="changes-counts"
            role="group"
            aria-label="Show changes of one kind"
            className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5"
          >
            <FilterChip active={only === null} onClick={() => setOnly(null)} label={`All ${data.changes.length}`} />
            {KINDS.map(({ kind, letter, label: kindLabel, tone }) => (
              <FilterChip
                key={kind}
                active={only === kind}
                onClick={() => setOnly(only === kind ? null : kind)}
                testId={`changes-count-${kind}`}
                label={
                  <>
                    <span className={clsx("rounded px-1 font-mono text-[11px] font-bold", tone)}>{letter}</span> {data.counts[kind]}{" "}
                    {kindLabel}
                  </>
                }
              />
            ))}
          </div>
          {data.changes.length === 0 ? (
            <p data-testid="changes-empty" className="px-4 py-10 text-center text-sm text-slate-500">
              No changes: the writable layer is empty, so the container sees exactly its image&apos;s files.
            </p>
          ) : (
            <ul data-testid="changes-list" className="max-h-[36rem] overflow-auto py-1 font-mono text-[13px]">
              {shown.map((change) => (
                <ChangeRow key={change.path} change={change} />
              ))}
            </ul>
          )}
        </section>
      ) : !error ? (
        <p className="py-10 text-center text-sm text-slate-400">Reading the writable layer…</p>
      ) : null}

      {committing && detail ? <CommitDialog container={detail} onClose={() => setCommitting(false)} /> : null}
    </div>
  );
}

function FilterChip({ active, onClick, label, testId }: { active: boolean; onClick: () => void; label: React.ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      data-testid={testId}
      className={clsx(
        "inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium",
        active ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100",
      )}
    >
      {label}
    </button>
  );
}

/** One path, indented by depth like a tree, its folder dimmed so the name stands out. */
function ChangeRow({ change }: { change: ContainerChange }) {
  const { letter, tone, label } = KIND[change.kind];
  const slash = change.path.lastIndexOf("/");
  const depth = change.path.split("/").length - 2;
  return (
    <li
      data-testid="change-row"
      data-kind={change.kind}
      data-path={change.path}
      className="flex items-center gap-2 px-4 py-0.5 hover:bg-slate-50"
    >
      <span className={clsx("w-5 shrink-0 rounded text-center text-[11px] font-bold", tone)} title={label}>
        {letter}
      </span>
      <span className="min-w-0 break-all" style={{ paddingLeft: `${Math.max(0, depth) * 1.25}rem` }}>
        <span className="text-slate-400">{change.path.slice(0, slash + 1)}</span>
        <span className={change.kind === "deleted" ? "text-red-700 line-through" : "text-slate-900"}>{change.path.slice(slash + 1)}</span>
      </span>
    </li>
  );
}
