import { z } from "zod";

/**
 * The lint rules, each with the hadolint rule it matches where one exists (so people who know
 * hadolint recognise the finding). The order is the order of the rule table in `lint.ts`.
 */
export const LINT_RULES = [
  "from-missing",
  "maintainer-deprecated",
  "from-untagged",
  "from-latest",
  "run-deletes-earlier-layer",
  "consecutive-run",
  "apt-install-recommends",
  "apt-lists-kept",
  "apt-upgrade",
  "yum-clean-missing",
  "add-local-file",
  "multiple-cmd",
  "multiple-entrypoint",
  "cmd-shell-after-entrypoint",
  "copy-all-before-install",
  "workdir-relative",
  "user-missing",
  "user-root",
  "expose-invalid-port",
] as const;

export const LINT_SEVERITIES = ["error", "warning", "info"] as const;

/** Dockerfiles larger than this are refused with a 413: a real one is a few kilobytes. */
export const MAX_DOCKERFILE_BYTES = 256 * 1024;

export const lintFindingSchema = z.object({
  rule: z.enum(LINT_RULES),
  /** The matching hadolint rule ID (`DL3015`), or null when hadolint has none. */
  hadolint: z.string().nullable(),
  severity: z.enum(LINT_SEVERITIES),
  /** 1-based line of the instruction the finding is about (a whole-file finding names the line it concerns). */
  line: z.number().int().min(1),
  message: z.string(),
});

export const lintResultSchema = z.object({ findings: z.array(lintFindingSchema) });
