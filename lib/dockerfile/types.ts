import type { z } from "zod";
import type { LINT_RULES, LINT_SEVERITIES, lintFindingSchema, lintResultSchema } from "@/lib/dockerfile/schemas";

export type LintRule = (typeof LINT_RULES)[number];
export type LintSeverity = (typeof LINT_SEVERITIES)[number];
export type LintFinding = z.infer<typeof lintFindingSchema>;
export type LintResult = z.infer<typeof lintResultSchema>;
