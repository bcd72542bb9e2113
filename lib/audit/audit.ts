import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { getDockerHost } from "@/lib/docker/client";
import { AppError, BadRequestError, isAppError } from "@/lib/errors";
import { redactParams } from "@/lib/audit/redact";
import {
  currentServerProcess,
  formatServerProcess,
  isPidAlive,
  isProcessGone,
  parseServerProcess,
  type ServerProcess,
} from "@/lib/audit/server-process";

/**
 * "started" is written before the action runs; "succeeded" or "failed" complete it. "interrupted"
 * is set at a later start of the server on rows whose server process died while they were started.
 */
export const AUDIT_OUTCOMES = ["started", "succeeded", "failed", "interrupted"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditedAction = {
  action: string;
  target: string;
  params: Record<string, unknown>;
  /** The equivalent docker CLI line, without secrets. */
  command: string;
  actor: string;
};

export type AuditEntryView = {
  id: string;
  time: string;
  finishedAt: string | null;
  actor: string;
  engine: string;
  action: string;
  target: string;
  params: unknown;
  command: string;
  outcome: AuditOutcome;
  error: string | null;
  durationMs: number | null;
  result: unknown;
};

/** An action whose audit row is written (outcome "started"); complete it exactly once. */
export type AuditHandle = {
  succeed: (result?: unknown) => Promise<void>;
  fail: (error: unknown) => Promise<void>;
};

/**
 * Writes the audit row of an action that is about to run, with outcome "started", *before* the
 * engine is called; the returned handle completes it with the outcome, duration and result (or
 * error). For actions that end later than the request that started them (a streamed download).
 * If the row cannot be written the action must not run, so this throws a 503.
 */
export async function beginAction(entry: AuditedAction): Promise<AuditHandle> {
  const db = getDb();
  const started = Date.now();
  let row: { id: string };
  try {
    row = await db.auditEntry.create({
      data: {
        actor: entry.actor,
        engine: getDockerHost(),
        action: entry.action,
        target: entry.target,
        params: JSON.stringify(redactParams(entry.params)),
        command: entry.command,
        outcome: "started",
        serverProcess: formatServerProcess(currentServerProcess()),
      },
      select: { id: true },
    });
  } catch (error) {
    throw new AppError("unavailable:audit", "The audit log cannot be written, so the action was not run.", {
      cause: error,
    });
  }
  let completed = false;
  const complete = async (data: { outcome: AuditOutcome; result?: string; error?: string }) => {
    if (completed) return;
    completed = true;
    await db.auditEntry
      .update({ where: { id: row.id }, data: { ...data, finishedAt: new Date(), durationMs: Date.now() - started } })
      .catch((auditError: unknown) => console.error("audit: could not complete entry", row.id, auditError));
  };
  return {
    succeed: (result) => complete({ outcome: "succeeded", result: JSON.stringify(result ?? null) }),
    fail: (error) =>
      complete({
        outcome: "failed",
        error: isAppError(error) ? error.message : error instanceof Error ? error.message : String(error),
      }),
  };
}

/**
 * Runs one mutation under the audit log (see beginAction). This and beginAction are the only
 * writers of action rows.
 *
 * @example
 * await recordAction({ action: "image.tag", target: "busybox:1", params, command, actor: "ana" },
 *   () => tagImageOnEngine(...));
 */
export async function recordAction<T>(
  entry: AuditedAction,
  run: () => Promise<T>,
  describeResult: (result: T) => unknown = (result) => result,
): Promise<T> {
  const handle = await beginAction(entry);
  try {
    const result = await run();
    await handle.succeed(describeResult(result));
    return result;
  } catch (error) {
    await handle.fail(error);
    throw error;
  }
}

/**
 * Records something that is not an engine action and happens at once: a sign-in, a refused
 * request, a user or token change. Never throws: failing to log must not turn a refusal into a 500.
 *
 * @example await recordEvent({ action: "auth.login", target: "ana", actor: "ana", outcome: "succeeded" })
 */
export async function recordEvent({
  action,
  target,
  actor,
  outcome,
  error,
  params = {},
  command = "",
}: {
  action: string;
  target: string;
  actor: string;
  outcome: Exclude<AuditOutcome, "started" | "interrupted">;
  error?: string;
  params?: Record<string, unknown>;
  command?: string;
}): Promise<void> {
  const now = new Date();
  try {
    await getDb().auditEntry.create({
      data: {
        actor,
        engine: getDockerHost(),
        action,
        target,
        params: JSON.stringify(redactParams(params)),
        command,
        outcome,
        error: error ?? null,
        createdAt: now,
        finishedAt: now,
        durationMs: 0,
        serverProcess: formatServerProcess(currentServerProcess()),
      },
    });
  } catch (auditError) {
    console.error("audit: could not record", action, auditError);
  }
}

/** The error text of an interrupted row. */
export const INTERRUPTED_ERROR = "The server process stopped before the action finished";

/**
 * Marks "started" rows whose server process is known to be gone (see isProcessGone) as
 * "interrupted", with finishedAt = when this was noticed. Run once when the server starts: a row
 * left "started" by a killed process would otherwise look as if it were still running, forever.
 * Rows of processes that may still be alive (another host sharing the database, or a pid that is
 * taken) and rows without a recorded process are left alone. Returns how many rows were marked.
 *
 * @example await markInterruptedActions() // at start, e.g. from instrumentation.ts
 */
export async function markInterruptedActions({
  self = currentServerProcess(),
  isAlive = isPidAlive,
  now = new Date(),
}: { self?: ServerProcess; isAlive?: (pid: number) => boolean; now?: Date } = {}): Promise<number> {
  const db = getDb();
  const rows = await db.auditEntry.findMany({
    where: { outcome: "started", serverProcess: { not: null } },
    select: { id: true, serverProcess: true },
  });
  const alive = new Map<number, boolean>();
  const isAliveOnce = (pid: number) => {
    if (!alive.has(pid)) alive.set(pid, isAlive(pid));
    return alive.get(pid)!;
  };
  // Grouped by process, so that each row's error can name the process that left it.
  const goneRows = new Map<string, { writer: ServerProcess; ids: string[] }>();
  for (const row of rows) {
    const writer = parseServerProcess(row.serverProcess);
    if (!writer || !isProcessGone(writer, self, isAliveOnce)) continue;
    const group = goneRows.get(row.serverProcess!) ?? { writer, ids: [] };
    group.ids.push(row.id);
    goneRows.set(row.serverProcess!, group);
  }
  let marked = 0;
  for (const { writer, ids } of goneRows.values()) {
    const { count } = await db.auditEntry.updateMany({
      // Still "started": never overwrite an outcome that was written after all.
      where: { id: { in: ids }, outcome: "started" },
      data: {
        outcome: "interrupted",
        finishedAt: now,
        error: `${INTERRUPTED_ERROR} (process ${writer.pid} on ${writer.host} is gone; noticed when the server started again).`,
      },
    });
    marked += count;
  }
  return marked;
}

export const auditQuerySchema = z.object({
  action: z.string().trim().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  target: z.string().trim().max(500).optional(),
  actor: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  // The `nextCursor` of an earlier page: an entry's ID (a cuid).
  cursor: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{20,40}$/, "must be the nextCursor of an earlier page")
    .optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Audit entries newest first, filtered; `nextCursor` fetches the following page.
 *
 * @example await listAuditEntries({ action: "image.remove", outcome: "failed", limit: 20 })
 */
export async function listAuditEntries(query: Partial<AuditQuery>): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  // Prisma answers an unknown cursor with an empty page, which reads as "no more entries".
  if (query.cursor && !(await getDb().auditEntry.findUnique({ where: { id: query.cursor }, select: { id: true } }))) {
    const message = "no audit entry has this ID; use the nextCursor of an earlier page";
    throw new BadRequestError("query", `Invalid query: cursor: ${message}`, { details: { fields: [{ path: "cursor", message }] } });
  }
  const rows = await getDb().auditEntry.findMany({
    where: {
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.target ? { target: { contains: query.target } } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.from || query.to
        ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      time: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      actor: row.actor,
      engine: row.engine,
      action: row.action,
      target: row.target,
      params: parseJson(row.params),
      command: row.command,
      outcome: row.outcome as AuditOutcome,
      error: row.error,
      durationMs: row.durationMs,
      result: parseJson(row.result),
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** The distinct action names recorded so far, for the audit page's filter. */
export async function listAuditActions(): Promise<string[]> {
  const rows = await getDb().auditEntry.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((row) => row.action);
}
