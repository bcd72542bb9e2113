import "server-only";
// The only writer of audit rows: every action is recorded before it runs and completed after.
import { getDb } from "@/lib/db";
import { currentEngine, engineLabel } from "@/lib/docker/client";
import { AppError, isAppError } from "@/lib/errors";
import { redactParams } from "@/lib/audit/redact";
import type { AuditOutcome } from "@/lib/audit/types";
import { ensureInstanceRegistered, markInstancesGone } from "@/lib/instances/actions";
import { HEARTBEAT_LAPSE_MS, hasLapsed } from "@/lib/instances/heartbeat";
import { findInstances } from "@/lib/instances/queries";
import {
  currentServerProcess,
  formatServerProcess,
  isPidAlive,
  isProcessGone,
  parseServerProcess,
  type ServerProcess,
} from "@/lib/instances/server-process";

/** The engine the action runs on (the request's, see runOnEngine): its name and host, and its id for filters. */
function engineOfAction(): { engine: string; engineId: string } {
  const engine = currentEngine();
  return { engine: engineLabel(engine), engineId: engine.id };
}

export type AuditedAction = {
  action: string;
  target: string;
  params: Record<string, unknown>;
  /** The equivalent docker CLI line, without secrets. */
  command: string;
  actor: string;
  /** The audit row of the session this action is part of (e.g. a clean-up run), linking the two. */
  sessionId?: string;
};

/** An action whose audit row is written (outcome "started"); complete it exactly once. */
export type AuditHandle = {
  /** The row's ID: actions of a session carry it as their `sessionId`. */
  id: string;
  succeed: (result?: unknown) => Promise<void>;
  /** `result` keeps what was done before the failure (a session's counts). */
  fail: (error: unknown, result?: unknown) => Promise<void>;
};

/**
 * Writes the audit row of an action that is about to run, with outcome "started", *before* the
 * engine is called; the returned handle completes it with the outcome, duration and result (or
 * error). For actions that end later than the request that started them (a streamed download).
 * If the row cannot be written the action must not run, so this throws a 503.
 */
export async function beginAction(entry: AuditedAction): Promise<AuditHandle> {
  const db = getDb();
  // The row names this process; its heartbeat row is what tells the other instances it still runs.
  await ensureInstanceRegistered().catch((error: unknown) => console.error("audit: could not register this instance", error));
  const started = Date.now();
  let row: { id: string };
  try {
    row = await db.auditEntry.create({
      data: {
        actor: entry.actor,
        ...engineOfAction(),
        action: entry.action,
        target: entry.target,
        params: JSON.stringify(redactParams(entry.params)),
        command: entry.command,
        outcome: "started",
        serverProcess: formatServerProcess(currentServerProcess()),
        sessionId: entry.sessionId ?? null,
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
    id: row.id,
    succeed: (result) => complete({ outcome: "succeeded", result: JSON.stringify(result ?? null) }),
    fail: (error, result) =>
      complete({
        outcome: "failed",
        error: isAppError(error) ? error.message : error instanceof Error ? error.message : String(error),
        ...(result === undefined ? {} : { result: JSON.stringify(result) }),
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
        ...engineOfAction(),
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
 * Marks "started" rows whose server process is gone as "interrupted", with finishedAt = when this
 * was noticed. A process that has an instance heartbeat row (lib/instances; every server writes
 * one before it serves) is gone once its heartbeat lapsed (no beat for 30 s), on whatever host it
 * runs: one that beats is never touched, even when a host of the same name lacks its pid. A
 * process without one (rows written before instances beat) is gone when it ran on this host and
 * its pid is gone (see isProcessGone). Rows without a recorded process are left alone. Runs when
 * the server starts and after every heartbeat. Returns how many rows were marked.
 *
 * @example await markInterruptedActions() // at start and every 10 s, from instrumentation.ts
 */
export async function markInterruptedActions({
  self = currentServerProcess(),
  isAlive = isPidAlive,
  now = new Date(),
  lapseMs = HEARTBEAT_LAPSE_MS,
}: { self?: ServerProcess; isAlive?: (pid: number) => boolean; now?: Date; lapseMs?: number } = {}): Promise<number> {
  const db = getDb();
  const rows = await db.auditEntry.findMany({
    where: { outcome: "started", serverProcess: { not: null } },
    select: { id: true, serverProcess: true },
  });
  if (rows.length === 0) return 0;
  const instances = await findInstances([...new Set(rows.map((row) => row.serverProcess!))]);
  const alive = new Map<number, boolean>();
  const isAliveOnce = (pid: number) => {
    if (!alive.has(pid)) alive.set(pid, isAlive(pid));
    return alive.get(pid)!;
  };
  const selfId = formatServerProcess(self);
  // Grouped by process, so that each row's error can name the process that left it and why.
  const goneRows = new Map<string, { reason: string; ids: string[] }>();
  for (const row of rows) {
    const writerId = row.serverProcess!;
    if (writerId === selfId) continue;
    let reason = goneRows.get(writerId)?.reason;
    if (!reason) {
      const writer = parseServerProcess(writerId);
      if (!writer) continue;
      const instance = instances.get(writerId);
      if (instance) {
        if (!hasLapsed({ heartbeatAt: instance.heartbeatAt, now, lapseMs })) continue;
        reason = `instance ${writer.pid} on ${writer.host} stopped beating at ${instance.heartbeatAt.toISOString()}; noticed by ${self.host}/${self.pid}`;
      } else if (isProcessGone(writer, self, isAliveOnce)) {
        reason = `process ${writer.pid} on ${writer.host} is gone; noticed by ${self.host}/${self.pid}`;
      } else continue;
    }
    const group = goneRows.get(writerId) ?? { reason, ids: [] };
    group.ids.push(row.id);
    goneRows.set(writerId, group);
  }
  let marked = 0;
  for (const { reason, ids } of goneRows.values()) {
    const { count } = await db.auditEntry.updateMany({
      // Still "started": never overwrite an outcome that was written after all.
      where: { id: { in: ids }, outcome: "started" },
      data: { outcome: "interrupted", finishedAt: now, error: `${INTERRUPTED_ERROR} (${reason}).` },
    });
    marked += count;
  }
  await markInstancesGone(
    [...goneRows.keys()].filter((id) => instances.has(id)),
    now,
  );
  return marked;
}
