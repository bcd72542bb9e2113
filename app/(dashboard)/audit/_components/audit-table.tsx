"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { CopyButton } from "@/app/_components/copy-button";
import { ListTable, type Column } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import { isLongId, shortenId, summarizeAuditResult } from "@/lib/audit/summary";
import type { AuditEntryView, AuditOutcome } from "@/lib/audit/types";
import { imagePath } from "@/lib/format/image";
import { formatDuration, formatTimestamp } from "@/lib/format/time";

const OUTCOME_TONE: Record<AuditOutcome, BadgeTone> = { started: "amber", succeeded: "green", failed: "red", interrupted: "violet" };

const OUTCOME_TITLE: Partial<Record<AuditOutcome, string>> = {
  started: "Not completed yet: still running, or left by a server process not known to have stopped (another host, or an older version)",
  interrupted: "The server process stopped while this was running; it may or may not have taken effect on the engine",
};

/** Columns: which give way first on narrow screens; the details row has everything. */
const COLUMNS: Column[] = [
  "Time",
  { label: "Actor", hideBelow: "md" },
  { label: "Action" },
  { label: "Target", hideBelow: "lg" },
  { label: "Command", hideBelow: "md" },
  { label: "Outcome", hideBelow: "sm" },
  { label: "Duration", align: "right" as const, hideBelow: "xl" },
  { label: "Result", hideBelow: "lg" },
];

/** Engine actions on an image (image.tag, image.remove, ...), whose target is an image reference. */
function isImageAction(action: string): boolean {
  return action.startsWith("image.");
}

/**
 * The audit entries as a table that fits the screen: long IDs shortened (full value on hover,
 * a copy button), commands wrapped at spaces, a readable result line, and per row a Details
 * button opening the full target, parameters, result and times.
 */
export function AuditTable({
  entries,
  below,
  showEngine = false,
}: {
  entries: readonly AuditEntryView[];
  below: React.ReactNode;
  /** Name each row's engine under its actor: the log holds actions on more than one. */
  showEngine?: boolean;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <ListTable columns={COLUMNS} below={below} label="Audit entries">
      {entries.map((entry) => (
        <AuditRow key={entry.id} entry={entry} showEngine={showEngine} expanded={open.has(entry.id)} onToggle={() => toggle(entry.id)} />
      ))}
    </ListTable>
  );
}

function AuditTarget({ entry }: { entry: AuditEntryView }) {
  if (!entry.target) return <span className="text-slate-400">—</span>;
  const shown = isLongId(entry.target) ? shortenId(entry.target) : entry.target;
  const text = isImageAction(entry.action) ? (
    <Link href={imagePath(entry.target)} title={entry.target} className="truncate font-mono text-xs text-sky-700 hover:underline">
      {shown}
    </Link>
  ) : (
    // A container, username, token name or "METHOD /path": nothing to link to.
    <span title={entry.target} className="truncate font-mono text-xs text-slate-700">
      {shown}
    </span>
  );
  return (
    <span data-testid="audit-target" className="flex max-w-56 min-w-0 items-center gap-1.5">
      {text}
      <CopyButton value={entry.target} label={`target ${entry.target}`} />
    </span>
  );
}

function AuditRow({
  entry,
  showEngine,
  expanded,
  onToggle,
}: {
  entry: AuditEntryView;
  showEngine: boolean;
  expanded: boolean;
  onToggle: () => void;
}) {
  const summary = entry.error ?? summarizeAuditResult(entry.result);
  const detailsId = `audit-details-${entry.id}`;
  return (
    <Fragment>
      <tr data-testid="audit-row" data-action={entry.action} data-outcome={entry.outcome} data-engine={entry.engine} className="align-top">
        <td className="py-2 pr-3 pl-4">
          <span className="block font-mono text-xs sm:whitespace-nowrap">{formatTimestamp(entry.time)}</span>
          <RelativeTime time={entry.time} className="text-xs text-slate-400" />
        </td>
        <td className="px-3 py-2 [overflow-wrap:anywhere] text-slate-600">
          {entry.actor}
          {showEngine ? (
            <span
              data-testid="audit-engine"
              title={`Ran on ${entry.engine}`}
              className="block max-w-40 truncate font-mono text-[11px] text-slate-400"
            >
              {entry.engine}
            </span>
          ) : null}
        </td>
        <td className="px-3 py-2">
          <span className="font-mono text-xs font-medium whitespace-nowrap">{entry.action}</span>
          {/* Where Actor and Target gave way, say who and what under the action. */}
          <span className="block max-w-48 truncate text-xs text-slate-500 lg:hidden" title={entry.target}>
            <span className="md:hidden">{entry.actor} · </span>
            {isLongId(entry.target) ? shortenId(entry.target) : entry.target}
          </span>
          {/* Where the Outcome column gave way (phones). */}
          <span className="mt-1 block sm:hidden">
            <Badge tone={OUTCOME_TONE[entry.outcome] ?? "gray"} title={OUTCOME_TITLE[entry.outcome]}>
              {entry.outcome}
            </Badge>
          </span>
        </td>
        <td className="px-3 py-2">
          <AuditTarget entry={entry} />
        </td>
        <td className="px-3 py-2">
          {entry.command ? (
            <code
              data-testid="audit-command"
              // Breaks at spaces; only a token wider than the box (a 64-hex ID) is split, and the
              // column may then be narrower than that token, so the table fits the screen.
              className="block max-w-md min-w-48 rounded bg-slate-900 px-2 py-1 font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-100"
            >
              {entry.command}
            </code>
          ) : (
            // Sign-ins, refusals, user and token changes run no docker command.
            <span data-testid="audit-command" title="No docker command" className="text-slate-400">
              —
            </span>
          )}
        </td>
        <td className="px-3 py-2">
          <Badge tone={OUTCOME_TONE[entry.outcome] ?? "gray"} testId="audit-outcome" title={OUTCOME_TITLE[entry.outcome]}>
            {entry.outcome}
          </Badge>
        </td>
        <td className="px-3 py-2 text-right whitespace-nowrap text-slate-600 tabular-nums">
          {entry.durationMs === null ? "—" : formatDuration(entry.durationMs)}
        </td>
        <td className="max-w-72 px-3 py-2 text-xs" data-testid="audit-result">
          {/* "anywhere", not "break-word": only it lets a long token (a build's ID, a URL) narrow the
              column below the token's width, so the table still fits at 1440 px. */}
          <p
            className={entry.error ? "line-clamp-3 [overflow-wrap:anywhere] text-red-700" : "[overflow-wrap:anywhere] text-slate-600"}
            title={summary}
          >
            {summary}
          </p>
        </td>
        <td className="py-1.5 pr-4 pl-3 text-right">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={onToggle}
            className="rounded-md px-2 py-1 text-xs font-medium whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            {expanded ? "Hide" : "Details"}
          </button>
        </td>
      </tr>
      {expanded ? (
        <tr id={detailsId} data-testid="audit-details" className="bg-slate-50/70">
          <td colSpan={COLUMNS.length + 1} className="px-4 py-3">
            <AuditDetails entry={entry} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function AuditDetails({ entry }: { entry: AuditEntryView }) {
  const facts: [string, React.ReactNode][] = [
    ["Actor", entry.actor],
    [
      "Engine",
      <span key="engine" className="font-mono text-xs break-all">
        {entry.engine}
      </span>,
    ],
    [
      "Started",
      <span key="started" className="font-mono text-xs">
        {formatTimestamp(entry.time)}
      </span>,
    ],
    [
      "Finished",
      entry.finishedAt ? (
        <span key="finished" className="font-mono text-xs">
          {formatTimestamp(entry.finishedAt)}
          {entry.durationMs === null ? "" : ` (${formatDuration(entry.durationMs)})`}
        </span>
      ) : (
        "not recorded"
      ),
    ],
  ];
  return (
    <div className="min-w-0 space-y-3 text-sm">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[8rem_1fr]">
        {facts.map(([label, value]) => (
          <Fragment key={label}>
            <dt className="text-xs font-medium text-slate-500">{label}</dt>
            <dd className="min-w-0 text-slate-700">{value}</dd>
          </Fragment>
        ))}
        <dt className="text-xs font-medium text-slate-500">Target</dt>
        <dd className="flex min-w-0 items-start gap-2">
          <span data-testid="audit-full-target" className="min-w-0 font-mono text-xs break-all text-slate-700">
            {entry.target || "—"}
          </span>
          {entry.target ? <CopyButton value={entry.target} label={`target ${entry.target}`} /> : null}
        </dd>
        {entry.command ? (
          <>
            <dt className="text-xs font-medium text-slate-500">Command</dt>
            <dd className="min-w-0">
              <code className="block rounded bg-slate-900 px-2 py-1 font-mono text-xs break-words whitespace-pre-wrap text-slate-100">
                {entry.command}
              </code>
            </dd>
          </>
        ) : null}
        {entry.error ? (
          <>
            <dt className="text-xs font-medium text-slate-500">Error</dt>
            <dd className="min-w-0 text-xs break-words text-red-700">{entry.error}</dd>
          </>
        ) : null}
      </dl>
      <div className="grid gap-3 lg:grid-cols-2">
        <JsonBlock title="Parameters" value={entry.params} />
        <JsonBlock title="Result" value={entry.result} testId="audit-result-json" />
      </div>
    </div>
  );
}

function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId?: string }) {
  return (
    <div className="min-w-0">
      <p className="mb-1 text-xs font-medium text-slate-500">{title}</p>
      <pre
        data-testid={testId}
        className="max-h-72 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-700"
      >
        {value === null || value === undefined ? "—" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
