"use client";

import { z } from "zod";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { api } from "@/app/_lib/api-client";
import { problemOf, text, useZodForm } from "@/app/_lib/forms";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { describeCleanupRequest } from "@/lib/cleanup/describe";
import { cleanupPolicyCreateSchema, cleanupPolicyLimitsSchema, cronScheduleSchema } from "@/lib/cleanup/schemas";
import type { CleanupPlanRequest, CleanupPolicy } from "@/lib/cleanup/types";

/** Schedules people pick most; "custom" opens the cron field. */
const SCHEDULE_PRESETS = [
  { label: "On demand only", cron: "" },
  { label: "Every day at 04:00", cron: "0 4 * * *" },
  { label: "Every Sunday at 04:00", cron: "0 4 * * 0" },
  { label: "Every hour", cron: "0 * * * *" },
] as const;

const emptyToUndefined = (value: string) => (value === "" ? undefined : Number(value));

/** The form's fields, checked by the policy route's own schemas (the cron check included). */
const savePolicyFormSchema = z.object({
  name: text(cleanupPolicyCreateSchema.shape.name),
  schedule: z
    .string()
    .trim()
    .transform((value) => value || null)
    .pipe(cronScheduleSchema.nullable()),
  maxItems: z.string().trim().transform(emptyToUndefined).pipe(cleanupPolicyLimitsSchema.shape.maxItems),
  maxGigabytes: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : Math.round(Number(value) * 1e9)))
    .pipe(cleanupPolicyLimitsSchema.shape.maxBytes),
});

type SavePolicyValues = z.output<typeof savePolicyFormSchema>;

/**
 * Saves what the planner has ticked and picked as a policy (admin): a name, when it runs, and the
 * limits a run never goes past. The rules were previewed above, so the policy does what was seen.
 */
export function SavePolicyForm({ request, onClose }: { request: CleanupPlanRequest; onClose: () => void }) {
  const form = useZodForm(savePolicyFormSchema, {
    defaultValues: { name: "", schedule: "0 4 * * *", maxItems: "100", maxGigabytes: "20" },
  });
  const { register, formState, handleSubmit, setValue } = form;
  const schedule = form.watch("schedule");
  const save = useOperation<CleanupPolicy, [SavePolicyValues]>(
    (_context, values) =>
      api.cleanup.createPolicy({
        ...request,
        name: values.name,
        schedule: values.schedule,
        limits: {
          ...(values.maxItems === undefined ? {} : { maxItems: values.maxItems }),
          ...(values.maxGigabytes === undefined ? {} : { maxBytes: values.maxGigabytes }),
        },
      }),
    { invalidates: ["cleanup"], onSuccess: () => onClose() },
  );
  const { removes, keeps } = describeCleanupRequest(request);
  const submit = handleSubmit((values) => void save.start(values));

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Save as policy"
      data-testid="save-policy"
      className="space-y-3 rounded-lg border border-sky-200 bg-sky-50/40 px-4 py-3"
    >
      <p className="text-sm">
        <span className="font-medium">Removes:</span> {removes.join(" · ") || "nothing"}
        {keeps.length ? (
          <>
            {" "}
            <span className="font-medium">Keeps:</span> <span className="font-mono text-xs">{keeps.join(" · ")}</span>
          </>
        ) : null}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Name" htmlFor="policy-name" problem={problemOf(formState.errors, "name")}>
          <input id="policy-name" className={inputClass(Boolean(problemOf(formState.errors, "name")))} {...register("name")} />
        </Field>
        <Field
          label="Schedule (cron)"
          htmlFor="policy-schedule"
          problem={problemOf(formState.errors, "schedule")}
          hint="empty: on demand only; times are the server's"
        >
          <div className="flex gap-1.5">
            <select
              aria-label="Schedule preset"
              className="w-28 shrink-0 rounded-md border border-slate-300 bg-white px-1.5 text-sm"
              value={SCHEDULE_PRESETS.find((preset) => preset.cron === schedule.trim())?.cron ?? "custom"}
              onChange={(event) => event.target.value !== "custom" && setValue("schedule", event.target.value, { shouldValidate: true })}
            >
              {SCHEDULE_PRESETS.map((preset) => (
                <option key={preset.label} value={preset.cron}>
                  {preset.label}
                </option>
              ))}
              <option value="custom">Custom</option>
            </select>
            <input
              id="policy-schedule"
              className={inputClass(Boolean(problemOf(formState.errors, "schedule")), "font-mono")}
              {...register("schedule")}
            />
          </div>
        </Field>
        {(
          [
            ["maxItems", "At most, items per run", "numeric"],
            ["maxGigabytes", "At most, GB freed per run", "decimal"],
          ] as const
        ).map(([field, label, inputMode]) => (
          <Field key={field} label={label} htmlFor={`policy-${field}`} problem={problemOf(formState.errors, field)} hint="empty: no limit">
            <input
              id={`policy-${field}`}
              inputMode={inputMode}
              className={inputClass(Boolean(problemOf(formState.errors, field)), "tabular-nums")}
              {...register(field)}
            />
          </Field>
        ))}
      </div>
      <p className="text-xs text-slate-500">A policy runs on the default engine (DOCKER_HOST), scheduled or run now.</p>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.running}>
          {save.running ? "Saving…" : "Save policy"}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
      {save.error ? <FormError testId="save-policy-error">{save.error}</FormError> : null}
    </form>
  );
}
