import { z } from "zod";
import { splitLines } from "@/app/_lib/forms";
import { cleanupKeepSchema, cleanupPlanRequestSchema, cleanupRulesSchema } from "@/lib/cleanup/schemas";
import type { CleanupKeep, CleanupPlanRequest, CleanupRules } from "@/lib/cleanup/types";

// The rule controls as the inputs hold them (a tick and a text per rule), read into the route's
// own request: numbers are checked with the route's schema only for the rules that are ticked.

export const SIZE_UNITS = { MB: 1_000_000, GB: 1_000_000_000 } as const;
export type SizeUnit = keyof typeof SIZE_UNITS;

export type RuleFormValues = {
  dangling: boolean;
  unused: boolean;
  olderThan: boolean;
  olderThanDays: string;
  largerThan: boolean;
  largerThanValue: string;
  largerThanUnit: SizeUnit;
  keepNewest: boolean;
  keepNewestCount: string;
  stoppedContainers: boolean;
  stoppedContainersDays: string;
  unusedFor: boolean;
  unusedForDays: string;
  danglingVolumes: boolean;
  buildCache: boolean;
  keepPatterns: string;
  keepLabels: string;
};

export const RULE_FORM_DEFAULTS: RuleFormValues = {
  dangling: true,
  unused: false,
  olderThan: false,
  olderThanDays: "30",
  largerThan: false,
  largerThanValue: "500",
  largerThanUnit: "MB",
  keepNewest: false,
  keepNewestCount: "3",
  stoppedContainers: false,
  stoppedContainersDays: "7",
  unusedFor: false,
  unusedForDays: "30",
  danglingVolumes: false,
  buildCache: false,
  keepPatterns: "",
  keepLabels: "",
};

/** The form's rules, each with the text field that carries its number (null for plain ticks). */
export const RULE_FIELDS = {
  dangling: null,
  unused: null,
  olderThanDays: "olderThanDays",
  largerThanBytes: "largerThanValue",
  keepNewestPerRepo: "keepNewestCount",
  stoppedContainersOlderThanDays: "stoppedContainersDays",
  unusedForDays: "unusedForDays",
  danglingVolumes: null,
  buildCache: null,
} as const satisfies Record<keyof CleanupRules, keyof RuleFormValues | null>;

export type RuleName = keyof typeof RULE_FIELDS;

const TICKS: Record<RuleName, keyof RuleFormValues> = {
  dangling: "dangling",
  unused: "unused",
  olderThanDays: "olderThan",
  largerThanBytes: "largerThan",
  keepNewestPerRepo: "keepNewest",
  stoppedContainersOlderThanDays: "stoppedContainers",
  unusedForDays: "unusedFor",
  danglingVolumes: "danglingVolumes",
  buildCache: "buildCache",
};

/** A decimal number as typed ("1.5"), or NaN. */
function parseNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * One rule's value as the route takes it, checked by the route's schema for that rule: `{ value }`,
 * or `{ problem }` naming what is wrong with the text.
 */
export function ruleValue(values: RuleFormValues, rule: RuleName): { value: CleanupRules[RuleName] } | { problem: string } {
  const field = RULE_FIELDS[rule];
  if (field === null) return { value: true };
  const text = values[field] as string;
  let number = parseNumber(text);
  if (rule === "largerThanBytes") number = Math.round(number * SIZE_UNITS[values.largerThanUnit]);
  if (Number.isNaN(number)) return { problem: rule === "largerThanBytes" ? "a size, e.g. 500 or 1.5" : "a whole number" };
  const parsed = cleanupRulesSchema.shape[rule].safeParse(number);
  return parsed.success ? { value: parsed.data } : { problem: parsed.error.issues[0]?.message ?? "not allowed here" };
}

export function isTicked(values: RuleFormValues, rule: RuleName): boolean {
  return values[TICKS[rule]] === true;
}

export function keepOf(values: RuleFormValues): CleanupKeep | undefined {
  const keep = { patterns: splitLines(values.keepPatterns), labels: splitLines(values.keepLabels) };
  const result: CleanupKeep = {};
  if (keep.patterns.length) result.patterns = keep.patterns;
  if (keep.labels.length) result.labels = keep.labels;
  return Object.keys(result).length ? result : undefined;
}

/**
 * The form schema: its output is the plan request of the ticked rules and the keep rules (the
 * hand-picked items are added when the plan is asked for), validated by the route's schema.
 */
export const ruleFormSchema = z
  .custom<RuleFormValues>((value) => typeof value === "object" && value !== null)
  .superRefine((values, context) => {
    for (const rule of Object.keys(RULE_FIELDS) as RuleName[]) {
      if (!isTicked(values, rule)) continue;
      const checked = ruleValue(values, rule);
      if ("problem" in checked) context.addIssue({ code: "custom", path: [RULE_FIELDS[rule]!], message: checked.problem });
    }
    const keep = cleanupKeepSchema.safeParse(keepOf(values) ?? {});
    if (!keep.success) {
      const issue = keep.error.issues[0]!;
      context.addIssue({ code: "custom", path: [issue.path[0] === "labels" ? "keepLabels" : "keepPatterns"], message: issue.message });
    }
  })
  .transform((values): CleanupPlanRequest => {
    const rules: Record<string, unknown> = {};
    for (const rule of Object.keys(RULE_FIELDS) as RuleName[]) {
      const checked = isTicked(values, rule) ? ruleValue(values, rule) : null;
      if (checked && "value" in checked) rules[rule] = checked.value;
    }
    const keep = keepOf(values);
    return { ...(Object.keys(rules).length ? { rules: rules as CleanupRules } : {}), ...(keep ? { keep } : {}) };
  })
  .pipe(cleanupPlanRequestSchema);

/**
 * Each rule on its own with the keep rules, for its count and bytes; a rule whose number does not
 * read is left out.
 */
export function singleRuleRequests(values: RuleFormValues): Partial<Record<RuleName, CleanupPlanRequest>> {
  const keep = keepOf(values);
  const keepOk = cleanupKeepSchema.safeParse(keep ?? {}).success;
  const requests: Partial<Record<RuleName, CleanupPlanRequest>> = {};
  for (const rule of Object.keys(RULE_FIELDS) as RuleName[]) {
    const checked = ruleValue(values, rule);
    if ("value" in checked) requests[rule] = { rules: { [rule]: checked.value }, ...(keep && keepOk ? { keep } : {}) };
  }
  return requests;
}
