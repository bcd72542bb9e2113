"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { FormError, inputClass } from "@/app/_components/field";
import { ProgressBar } from "@/app/_components/progress";
import { RoleButton } from "@/app/_components/role-button";
import { api } from "@/app/_lib/api-client";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import type { Role } from "@/lib/auth/roles";
import { CONFIRM_ABOVE_BYTES, removableItems } from "@/lib/cleanup/run-rules";
import type { CleanupItemRef, CleanupPlan, CleanupRunProgress, CleanupRunRequest, CleanupRunResult } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";
import { displayName } from "./item-name";

type ItemLine = Extract<CleanupRunProgress, { type: "item" }>;

const OUTCOME_TONES: Record<ItemLine["outcome"], BadgeTone> = { removed: "green", skipped: "amber", failed: "red" };
const keyOf = (item: CleanupItemRef) => `${item.kind}:${item.id}`;

/**
 * Runs the plan (admin): a confirmation by typing the number of items when it frees more than 1 GB
 * or removes volumes (the server's own rule), then each item as the server removes, skips or fails
 * it, then the summary with the bytes truly freed and the audit rows of the run.
 */
export function PlanRun({ plan, role }: { plan: CleanupPlan; role: Role }) {
  const removable = removableItems(plan);
  const volumes = removable.filter((item) => item.kind === "volume").length;
  const needsConfirm = plan.reclaimableBytes > CONFIRM_ABOVE_BYTES || volumes > 0;
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [lines, setLines] = useState<ReadonlyMap<string, ItemLine>>(new Map());
  const [freedSoFar, setFreedSoFar] = useState(0);
  const run = useOperation(
    (context, body: CleanupRunRequest) =>
      api.cleanup.runPlan(plan.id, body, {
        signal: context.signal,
        onLine: (line) => {
          if (line.type !== "item") return;
          setLines((previous) => new Map(previous).set(keyOf(line.item), line));
          setFreedSoFar(line.freedBytes);
        },
      }),
    { invalidates: ["images", "containers", "volumes", "disk-usage", "audit", "cleanup"] },
  );
  if (removable.length === 0) return null;
  const start = () => {
    setLines(new Map());
    setFreedSoFar(0);
    void run.start(needsConfirm ? { confirm: Number(typed) } : {});
  };
  const started = run.phase !== "idle";

  return (
    <section data-testid="plan-run" aria-label="Run the plan" className="space-y-3 rounded-md border border-slate-200 bg-white px-4 py-3">
      {!started ? (
        confirming ? (
          <div className="space-y-2">
            <p className="text-sm">
              This plan {plan.reclaimableBytes > CONFIRM_ABOVE_BYTES ? `frees ${formatBytes(plan.reclaimableBytes)}` : ""}
              {plan.reclaimableBytes > CONFIRM_ABOVE_BYTES && volumes ? " and " : ""}
              {volumes ? `removes ${volumes === 1 ? "a volume" : `${volumes} volumes`} with the data in them` : ""}. Type{" "}
              <strong>{removable.length}</strong>, the number of items it removes, to confirm.
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <span className="w-24">
                <input
                  data-testid="run-confirm"
                  data-expected={removable.length}
                  aria-label="Number of items to remove"
                  inputMode="numeric"
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  className={inputClass(false, "py-1 tabular-nums")}
                />
              </span>
              <Button variant="danger" disabled={typed.trim() !== String(removable.length)} onClick={start}>
                Remove {removable.length} {removable.length === 1 ? "item" : "items"}
              </Button>
              <Button variant="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            <RoleButton role={role} needs="admin" variant="danger" onClick={() => (needsConfirm ? setConfirming(true) : start())}>
              Run plan
            </RoleButton>
            <span className="text-xs text-slate-500">
              Removes the {removable.length} {removable.length === 1 ? "item" : "items"} above one by one; an item whose state changed since
              the plan (a container now uses it, its tags changed) is skipped, not removed.
            </span>
          </div>
        )
      ) : null}

      {started ? (
        <div className="space-y-2" data-testid="run-progress">
          <div className="flex items-baseline justify-between text-xs text-slate-600">
            <span className="font-medium">{run.running ? "Running…" : "Done"}</span>
            <span className="tabular-nums">
              {lines.size} of {removable.length} · freed {formatBytes(run.result?.freedBytes ?? freedSoFar)}
            </span>
          </div>
          <ProgressBar fraction={lines.size / removable.length} tone={run.running ? "active" : "done"} label="Clean-up run" />
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {removable.map((item) => {
              const line = lines.get(keyOf(item));
              return line ? (
                <li key={keyOf(item)} data-testid="run-item" data-outcome={line.outcome} className="px-3 py-1.5 text-sm">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <Badge tone={OUTCOME_TONES[line.outcome]}>{line.outcome}</Badge>
                    <span className="font-mono text-[13px] break-all">{displayName(item.name)}</span>
                  </div>
                  {line.reason || line.error ? (
                    <p className={clsx("mt-0.5 text-xs", line.error ? "text-red-700" : "text-amber-800")}>{line.error ?? line.reason}</p>
                  ) : null}
                  {line.command ? <p className="mt-0.5 font-mono text-xs break-all text-slate-500">$ {line.command}</p> : null}
                </li>
              ) : (
                <li key={keyOf(item)} data-testid="run-waiting" className="px-3 py-1.5 text-sm text-slate-400">
                  <span className="font-mono text-[13px] break-all">{displayName(item.name)}</span> waiting
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      {run.error ? <FormError testId="run-error">{run.error}</FormError> : null}
      {run.result ? <RunSummary result={run.result} /> : null}
    </section>
  );
}

export function RunSummary({ result }: { result: CleanupRunResult }) {
  return (
    <div data-testid="run-summary" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50/50 px-3 py-2.5 text-sm">
      <p className="font-semibold">
        Freed{" "}
        <span data-testid="run-freed" className="tabular-nums">
          {formatBytes(result.freedBytes)}
        </span>
        <span data-testid="run-counts" className="ml-2 font-normal text-slate-600">
          {result.removed.length} removed · {result.skipped.length} skipped · {result.failed.length} failed
        </span>
      </p>
      <p className="text-xs text-slate-600">
        Layers (by chain ID) present before the run and gone after it, each counted once in the engine&apos;s own sizes
        {result.freedWritableBytes > 0 ? `, plus ${formatBytes(result.freedWritableBytes)} of removed containers' writable layers` : ""}.
      </p>
      {result.removed.length ? (
        <ul data-testid="run-removed" className="space-y-0.5 text-xs">
          {result.removed.map((item) => (
            <li key={keyOf(item)}>
              <span className="text-emerald-800">removed</span> <span className="font-mono break-all">{displayName(item.name)}</span>{" "}
              <span className="font-mono break-all text-slate-500">$ {item.command}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {result.skipped.length ? (
        <ul data-testid="run-skipped" className="space-y-0.5 text-xs">
          {result.skipped.map(({ item, reason }) => (
            <li key={keyOf(item)}>
              <span className="text-amber-800">skipped</span> <span className="font-mono break-all">{displayName(item.name)}</span>:{" "}
              {reason}
            </li>
          ))}
        </ul>
      ) : null}
      {result.failed.length ? (
        <ul data-testid="run-failed" className="space-y-0.5 text-xs">
          {result.failed.map(({ item, error }) => (
            <li key={keyOf(item)}>
              <span className="text-red-700">failed</span> <span className="font-mono break-all">{displayName(item.name)}</span>: {error}
            </li>
          ))}
        </ul>
      ) : null}
      {result.pruneCommand ? <CliCommand command={result.pruneCommand} label="prune" wrap /> : null}
      <p className="text-xs">
        <Link href={`/audit?session=${encodeURIComponent(result.auditId)}`} className="text-sky-700 hover:underline">
          The run&apos;s audit log rows
        </Link>{" "}
        <span className="text-slate-500">(one for the run, one per removal with its docker line)</span>
      </p>
    </div>
  );
}
