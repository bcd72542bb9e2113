"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { FormError } from "@/app/_components/field";
import { ProgressBar } from "@/app/_components/progress";
import { RelativeTime } from "@/app/_components/relative-time";
import { api } from "@/app/_lib/api-client";
import { useCleanupPolicies } from "@/app/_lib/hooks/use-cleanup-policies";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { hasRole, type Role } from "@/lib/auth/roles";
import { describeCleanupRequest } from "@/lib/cleanup/describe";
import type { CleanupPolicy } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";
import { RunSummary } from "./plan-run";

const OUTCOME_TONES: Record<string, BadgeTone> = { succeeded: "green", failed: "red" };

/**
 * The saved policies (admin): what each removes and keeps, its schedule and limits, how its last
 * run went (with its audit rows), and Run now / Enable / Delete. A policy is saved from the
 * planner's "Save as policy…", so what it does was previewed first.
 */
export function PoliciesPanel({ role }: { role: Role }) {
  return (
    <section aria-labelledby="policies-title" data-testid="cleanup-policies" className="space-y-3">
      <div>
        <h2 id="policies-title" className="text-lg font-semibold">
          Policies
        </h2>
        <p className="max-w-3xl text-sm text-slate-500">
          Rules saved under a name, run on demand or on a schedule (cron), never past their limits. A scheduled run makes a fresh plan,
          skips what changed, and is audited like a manual one; only one run of a policy goes at a time, on any server.
        </p>
      </div>
      {hasRole(role, "admin") ? <PolicyList /> : <p className="text-sm text-slate-500">Policies are saved, run and scheduled by admins.</p>}
    </section>
  );
}

/** Asks for the policies only when shown: the list is an admin route. */
function PolicyList() {
  const policies = useCleanupPolicies();
  if (policies.error) return <FormError testId="policies-error">Policies unavailable: {policies.error.message}</FormError>;
  if (!policies.data) return <p className="text-sm text-slate-500">Loading policies…</p>;
  if (policies.data.policies.length === 0)
    return (
      <p data-testid="policies-empty" className="text-sm text-slate-500">
        No policy yet: tick rules above, then <strong>Save as policy…</strong>
      </p>
    );
  return (
    <ul className="space-y-3">
      {policies.data.policies.map((policy) => (
        <PolicyCard key={policy.id} policy={policy} />
      ))}
    </ul>
  );
}

function PolicyCard({ policy }: { policy: CleanupPolicy }) {
  const { removes, keeps } = describeCleanupRequest(policy);
  const [itemsDone, setItemsDone] = useState(0);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const run = useOperation(
    (context) => {
      setItemsDone(0);
      return api.cleanup.runPolicy(policy.id, {
        signal: context.signal,
        onLine: (line) => line.type === "item" && setItemsDone((n) => n + 1),
      });
    },
    { invalidates: ["images", "containers", "volumes", "disk-usage", "audit", "cleanup"] },
  );
  const toggle = useOperation(() => api.cleanup.updatePolicy(policy.id, { enabled: !policy.enabled }), { invalidates: ["cleanup"] });
  const remove = useOperation(() => api.cleanup.deletePolicy(policy.id), { invalidates: ["cleanup"] });
  const limits = [
    policy.limits.maxItems === null ? null : `at most ${policy.limits.maxItems} ${policy.limits.maxItems === 1 ? "item" : "items"}`,
    policy.limits.maxBytes === null ? null : `at most ${formatBytes(policy.limits.maxBytes)}`,
  ].filter(Boolean);
  const auditTarget = policy.lastRun?.planId ?? `policy ${policy.name}`;

  return (
    <li data-testid="policy" data-policy={policy.name} className="space-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold break-all">{policy.name}</h3>
        {policy.running || run.running ? <Badge tone="amber">running</Badge> : null}
        {policy.enabled ? null : (
          <Badge tone="gray" testId="policy-disabled">
            disabled
          </Badge>
        )}
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[7rem_minmax(0,1fr)]">
        <dt className="text-xs font-medium text-slate-500">Removes</dt>
        <dd data-testid="policy-removes">{removes.length ? removes.join(" · ") : "nothing (no rule)"}</dd>
        {keeps.length ? (
          <>
            <dt className="text-xs font-medium text-slate-500">Keeps</dt>
            <dd className="font-mono text-xs [overflow-wrap:anywhere]">{keeps.join(" · ")}</dd>
          </>
        ) : null}
        <dt className="text-xs font-medium text-slate-500">Schedule</dt>
        <dd data-testid="policy-schedule">
          {policy.schedule ? (
            <>
              <code className="rounded bg-slate-100 px-1 font-mono text-xs">{policy.schedule}</code>
              {policy.nextRunAt ? (
                <span className="text-slate-600">
                  {" "}
                  · next <RelativeTime time={policy.nextRunAt} />
                </span>
              ) : policy.enabled ? null : (
                <span className="text-slate-500"> · not scheduled while disabled</span>
              )}
            </>
          ) : (
            <span className="text-slate-600">on demand only</span>
          )}
        </dd>
        <dt className="text-xs font-medium text-slate-500">Limits per run</dt>
        <dd>{limits.length ? limits.join(", ") : "none"}</dd>
        <dt className="text-xs font-medium text-slate-500">Last run</dt>
        <dd data-testid="policy-last-run">
          {policy.lastRun ? (
            <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Badge tone={OUTCOME_TONES[policy.lastRun.outcome ?? ""] ?? "gray"}>{policy.lastRun.outcome ?? "running"}</Badge>
              <RelativeTime time={policy.lastRun.at} className="text-slate-600" />
              <Link
                href={`/audit?action=cleanup.run&target=${encodeURIComponent(auditTarget)}`}
                className="text-xs text-sky-700 hover:underline"
              >
                audit rows
              </Link>
              {policy.lastRun.error ? <span className="w-full text-xs text-red-700">{policy.lastRun.error}</span> : null}
            </span>
          ) : (
            <span className="text-slate-500">never</span>
          )}
        </dd>
      </dl>

      <div className="flex flex-wrap items-center gap-2">
        <Button variant="danger" size="sm" disabled={run.running || policy.running} onClick={() => void run.start()}>
          {run.running ? "Running…" : "Run now"}
        </Button>
        <Button size="sm" disabled={toggle.running} onClick={() => void toggle.start()}>
          {policy.enabled ? "Disable" : "Enable"}
        </Button>
        {confirmingDelete ? (
          <span className="flex flex-wrap items-center gap-2 text-xs">
            Delete “{policy.name}”? Its past runs stay in the audit log.
            <Button variant="danger" size="sm" disabled={remove.running} onClick={() => void remove.start()}>
              Delete policy
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setConfirmingDelete(false)}>
              Keep
            </Button>
          </span>
        ) : (
          <Button variant="ghost" size="sm" onClick={() => setConfirmingDelete(true)}>
            Delete…
          </Button>
        )}
      </div>
      {run.running ? (
        <div data-testid="policy-run-progress" className="space-y-1">
          <p className="text-xs text-slate-600 tabular-nums">
            Planning under the policy&apos;s limits, then removing: {itemsDone} {itemsDone === 1 ? "item" : "items"} done
          </p>
          <ProgressBar fraction={null} tone="active" label={`Run of policy ${policy.name}`} />
        </div>
      ) : null}
      {run.error ? <FormError testId="policy-run-error">{run.error}</FormError> : null}
      {toggle.error ? <FormError>{toggle.error}</FormError> : null}
      {remove.error ? <FormError>{remove.error}</FormError> : null}
      {run.result ? <RunSummary result={run.result} /> : null}
    </li>
  );
}
