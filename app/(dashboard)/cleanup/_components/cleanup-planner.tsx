"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { api } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useImages } from "@/app/_lib/hooks/use-images";
import { useCleanupRuleCounts, type RuleCount } from "@/app/_lib/hooks/use-cleanup-rule-counts";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { CleanupPlanRequest } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";
import { HandPick } from "./hand-pick";
import { PlanPreview } from "./plan-preview";
import { SavePolicyForm } from "./save-policy-form";
import {
  isTicked,
  RULE_FIELDS,
  RULE_FORM_DEFAULTS,
  ruleFormSchema,
  singleRuleRequests,
  SIZE_UNITS,
  type RuleFormValues,
  type RuleName,
} from "./rule-form";

/**
 * The candidates: rule controls (each with what it alone would remove), keep rules, items picked by
 * hand; "Preview" makes the plan (removing nothing) and shows it.
 */
export function CleanupPlanner({ role }: { role: Role }) {
  const form = useZodForm(ruleFormSchema, { defaultValues: RULE_FORM_DEFAULTS });
  const { register, formState, handleSubmit } = form;
  const values = form.watch() as RuleFormValues;
  const [pickedImages, setPickedImages] = useState<ReadonlySet<string>>(new Set());
  const [pickedContainers, setPickedContainers] = useState<ReadonlySet<string>>(new Set());
  const [pickedVolumes, setPickedVolumes] = useState<ReadonlySet<string>>(new Set());
  const [request, setRequest] = useState<CleanupPlanRequest | null>(null);
  const images = useImages();
  // A picked image is planned under its first tag (the plan's name for it; the run removes every
  // tag of that image ID), a dangling one by ID.
  const pickedReference = (id: string) => images.data?.images.find((image) => image.id === id)?.repoTags[0] ?? id;
  const counts = useCleanupRuleCounts(singleRuleRequests(values));
  const preview = useOperation((_context, body: CleanupPlanRequest) => api.cleanup.createPlan(body));

  const [policyDraft, setPolicyDraft] = useState<CleanupPlanRequest | null>(null);
  const withPicked = (rulesRequest: CleanupPlanRequest): CleanupPlanRequest => ({
    ...rulesRequest,
    ...(pickedImages.size ? { images: [...pickedImages].map(pickedReference) } : {}),
    ...(pickedContainers.size ? { containers: [...pickedContainers] } : {}),
    ...(pickedVolumes.size ? { volumes: [...pickedVolumes] } : {}),
  });
  const submit = handleSubmit((rulesRequest) => {
    const body = withPicked(rulesRequest);
    setRequest(body);
    void preview.start(body);
  });
  const saveAsPolicy = handleSubmit((rulesRequest) => setPolicyDraft(withPicked(rulesRequest)));
  const hasRule = (Object.keys(RULE_FIELDS) as RuleName[]).some((name) => isTicked(values, name));
  const nothingChosen = !hasRule && pickedImages.size + pickedContainers.size + pickedVolumes.size === 0;

  const rule = (name: RuleName, tick: keyof RuleFormValues, label: React.ReactNode, control?: React.ReactNode) => (
    <RuleRow
      name={name}
      tickId={`rule-${name}`}
      tick={register(tick)}
      label={label}
      control={control}
      count={counts.data?.[name]}
      loading={counts.isLoading || counts.isValidating}
    />
  );
  const numberInput = (field: keyof RuleFormValues, label: string, width = "w-20") => (
    // The wrapper sets the width: the input itself fills it (inputClass is full width).
    <span className={clsx("inline-block shrink-0", width)}>
      <input
        id={`rule-input-${field}`}
        aria-label={label}
        inputMode="decimal"
        aria-invalid={problemOf(formState.errors, field) ? true : undefined}
        className={inputClass(Boolean(problemOf(formState.errors, field)), "py-1 text-right tabular-nums")}
        {...register(field)}
      />
    </span>
  );
  const problems = (["olderThanDays", "largerThanValue", "keepNewestCount", "stoppedContainersDays", "unusedForDays"] as const)
    .map((field) => problemOf(formState.errors, field))
    .filter(Boolean);

  return (
    <section aria-labelledby="planner-title" data-testid="cleanup-planner" className="space-y-4">
      <div>
        <h2 id="planner-title" className="text-lg font-semibold">
          Candidates and the plan
        </h2>
        <p className="max-w-3xl text-sm text-slate-500">
          Tick rules (ticked together, an image must match every image rule, as <span className="font-mono">docker image prune</span>
          &apos;s filters do) or pick items by hand. Each rule shows what it alone would remove and truly free. Preview removes nothing.
        </p>
      </div>
      <form onSubmit={submit} noValidate className="space-y-4">
        <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <fieldset className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 py-3" data-testid="cleanup-rules">
            <legend className="px-1 text-xs font-medium text-slate-500">Rules</legend>
            <ul className="divide-y divide-slate-100">
              {rule("dangling", "dangling", "Dangling images (no tag)")}
              {rule("unused", "unused", "Images no container uses")}
              {rule("olderThanDays", "olderThan", "Images created more than", <>{numberInput("olderThanDays", "Days")} days ago</>)}
              {rule(
                "largerThanBytes",
                "largerThan",
                "Images larger than",
                <>
                  {numberInput("largerThanValue", "Size")}
                  <select
                    aria-label="Size unit"
                    className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm"
                    {...register("largerThanUnit")}
                  >
                    {Object.keys(SIZE_UNITS).map((unit) => (
                      <option key={unit}>{unit}</option>
                    ))}
                  </select>
                </>,
              )}
              {rule(
                "keepNewestPerRepo",
                "keepNewest",
                "Tags of a repository beyond its newest",
                numberInput("keepNewestCount", "Newest tags kept per repository", "w-16"),
              )}
              {rule(
                "unusedForDays",
                "unusedFor",
                "Images no container has used for more than",
                <>{numberInput("unusedForDays", "Days unused")} days</>,
              )}
              {rule("buildCache", "buildCache", "Build leftovers (classic-build dangling images, BuildKit cache)")}
              {rule(
                "danglingVolumes",
                "danglingVolumes",
                <>
                  Volumes no container mounts <Badge tone="red">data loss</Badge>
                </>,
              )}
              {rule(
                "stoppedContainersOlderThanDays",
                "stoppedContainers",
                "Stopped containers created more than",
                <>{numberInput("stoppedContainersDays", "Days for stopped containers")} days ago</>,
              )}
            </ul>
            {problems.length ? <p className="mt-2 text-xs text-red-700">{problems.join("; ")}</p> : null}
            {counts.error ? <p className="mt-2 text-xs text-red-700">Counts unavailable: {counts.error.message}</p> : null}
          </fieldset>
          <fieldset className="min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
            <legend className="px-1 text-xs font-medium text-slate-500">Keep (never a rule&apos;s candidate)</legend>
            <Field
              label="References matching"
              htmlFor="keep-patterns"
              problem={problemOf(formState.errors, "keepPatterns")}
              hint={
                <>
                  one per line; <span className="font-mono">*</span> matches anything, e.g. <span className="font-mono">*:latest</span>,{" "}
                  <span className="font-mono">registry.example.com/prod/*</span>
                </>
              }
            >
              <textarea id="keep-patterns" rows={2} className={inputClass(false, "font-mono text-xs")} {...register("keepPatterns")} />
            </Field>
            <Field
              label="Images with label"
              htmlFor="keep-labels"
              problem={problemOf(formState.errors, "keepLabels")}
              hint={
                <>
                  one per line: <span className="font-mono">key</span> or <span className="font-mono">key=value</span>
                </>
              }
            >
              <textarea id="keep-labels" rows={2} className={inputClass(false, "font-mono text-xs")} {...register("keepLabels")} />
            </Field>
          </fieldset>
        </div>

        <HandPick
          pickedImages={pickedImages}
          pickedContainers={pickedContainers}
          pickedVolumes={pickedVolumes}
          onImages={setPickedImages}
          onContainers={setPickedContainers}
          onVolumes={setPickedVolumes}
        />

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="primary" disabled={preview.running || nothingChosen} data-testid="cleanup-preview">
            {preview.running ? "Planning…" : "Preview"}
          </Button>
          {hasRole(role, "admin") ? (
            <Button disabled={nothingChosen} onClick={() => void saveAsPolicy()} data-testid="cleanup-save-policy">
              Save as policy…
            </Button>
          ) : null}
          <span className="text-xs text-slate-500">
            {hasRole(role, "admin") ? "" : "Running a plan needs the admin role; planning does not. "}
            {nothingChosen
              ? "Tick a rule or pick an item first."
              : `${pickedImages.size + pickedContainers.size + pickedVolumes.size} picked by hand; nothing is removed until you run the plan.`}
          </span>
        </div>
        {preview.error ? <FormError testId="cleanup-preview-error">{preview.error}</FormError> : null}
      </form>
      {policyDraft ? <SavePolicyForm request={policyDraft} onClose={() => setPolicyDraft(null)} /> : null}

      {preview.result && request ? <PlanPreview key={preview.result.id} plan={preview.result} request={request} role={role} /> : null}
    </section>
  );
}

function RuleRow({
  name,
  tickId,
  tick,
  label,
  control,
  count,
  loading,
}: {
  name: RuleName;
  tickId: string;
  tick: React.InputHTMLAttributes<HTMLInputElement> & { ref: React.Ref<HTMLInputElement> };
  label: React.ReactNode;
  control?: React.ReactNode;
  count: RuleCount | undefined;
  loading: boolean;
}) {
  return (
    <li data-testid="cleanup-rule" data-rule={name} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2">
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <input id={tickId} type="checkbox" className="size-4 rounded border-slate-300 accent-sky-600" {...tick} />
        <label htmlFor={tickId} className="font-medium">
          {label}
        </label>
        {control ? <span className="flex items-center gap-1.5 whitespace-nowrap text-slate-600">{control}</span> : null}
      </div>
      <span data-testid="rule-count" className="text-xs text-slate-600 tabular-nums" aria-live="polite">
        {count ? (
          <>
            {count.count} {count.count === 1 ? "item" : "items"} · frees {formatBytes(count.bytes)}
            {count.blocked ? (
              <>
                {" "}
                <Badge tone="amber">{count.blocked} in use</Badge>
              </>
            ) : null}
          </>
        ) : loading ? (
          "counting…"
        ) : (
          "—"
        )}
      </span>
    </li>
  );
}
