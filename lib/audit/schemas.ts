import { z } from "zod";
import { parseUtcInput } from "@/lib/format/time";

/**
 * "started" is written before the action runs; "succeeded" or "failed" complete it. "interrupted"
 * is set at a later start of the server on rows whose server process died while they were started.
 */
export const AUDIT_OUTCOMES = ["started", "succeeded", "failed", "interrupted"] as const;

/** A time as ISO 8601; without a zone (what a datetime-local field sends) it is UTC, as the page says. */
const utcTime = z
  .string()
  .max(40)
  .transform((value, context) => {
    const date = parseUtcInput(value);
    if (!date) context.addIssue({ code: "custom", message: "must be a date and time like 2026-11-29T10:00 (UTC) or ISO 8601 with a zone" });
    return date ?? z.NEVER;
  });

export const auditQuerySchema = z.object({
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  target: z.string().trim().max(500).optional(),
  actor: z.string().trim().max(200).optional(),
  /** The rows of one session (a clean-up run): its own row's ID. */
  session: z.string().trim().max(64).optional(),
  /** The rows of one engine, by id (`default`: the one at DOCKER_HOST). Not `engine`: that names the engine a request runs on. */
  engineId: z.string().trim().max(64).optional(),
  from: utcTime.optional(),
  to: utcTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // The `nextCursor` of an earlier page: an entry's ID (a cuid).
  cursor: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{20,40}$/, "must be the nextCursor of an earlier page")
    .optional(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  time: z.string(),
  finishedAt: z.string().nullable(),
  actor: z.string(),
  /** The engine the action ran on: its host for the default engine, else `NAME (HOST)`. */
  engine: z.string(),
  /** The engine's id (`default` for the one at DOCKER_HOST, and for rows older than engines). */
  engineId: z.string(),
  action: z.string(),
  target: z.string(),
  /** The action's parameters, secrets redacted. */
  params: z.unknown(),
  /** The equivalent docker CLI line. */
  command: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  error: z.string().nullable(),
  durationMs: z.number().nullable(),
  result: z.unknown(),
  /** The session row this action belongs to (a clean-up run's removals point at the run's row). */
  sessionId: z.string().nullable(),
});

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
