import "server-only";
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import { recordEvent } from "@/lib/audit/actions";
import { createCleanupPlan } from "@/lib/cleanup/actions";
import { cleanupRunProgress, prepareCleanupRun } from "@/lib/cleanup/run";
import { cleanupPlanRequestSchema } from "@/lib/cleanup/schemas";
import type {
  CleanupPlanRequest,
  CleanupPolicy,
  CleanupPolicyCreate,
  CleanupPolicyUpdate,
  CleanupRunProgress,
  CleanupRunResult,
} from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { currentEngine, DEFAULT_ENGINE_ID } from "@/lib/docker/client";
import { AppError, isAppError } from "@/lib/errors";
import type { CleanupPolicy as CleanupPolicyRow } from "@/lib/generated/prisma/client";

/** How long a run's lease holds without renewal: a server that dies mid-run frees the policy after this. */
export const POLICY_LEASE_MS = 60_000;
const LEASE_RENEW_MS = POLICY_LEASE_MS / 3;

/** This process's name on the leases it takes. */
const processOwner = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Policies belong to the default engine: the scheduler runs them there, and the images a policy
 * names are that engine's. A request made on another engine (`?engine=`) is refused, not run on
 * the default engine behind its back nor saved with another engine's image IDs.
 */
function requireDefaultEngine(what: string): void {
  const engine = currentEngine();
  if (engine.id === DEFAULT_ENGINE_ID) return;
  throw new AppError(
    "bad_request:cleanup_policy",
    `Clean-up policies ${what} on the default engine only; this request names engine "${engine.name}" (leave out ?engine=).`,
  );
}

function requestOf(row: Pick<CleanupPolicyRow, "request">): CleanupPlanRequest {
  return cleanupPlanRequestSchema.parse(JSON.parse(row.request));
}

function nextRunOf(row: Pick<CleanupPolicyRow, "schedule" | "enabled">): string | null {
  if (!row.schedule || !row.enabled) return null;
  try {
    const job = new Cron(row.schedule, { paused: true });
    const next = job.nextRun();
    job.stop();
    return next?.toISOString() ?? null;
  } catch {
    return null;
  }
}

function toPolicy(row: CleanupPolicyRow, now = new Date()): CleanupPolicy {
  const request = requestOf(row);
  return {
    id: row.id,
    name: row.name,
    rules: request.rules ?? {},
    keep: request.keep ?? {},
    images: request.images ?? [],
    containers: request.containers ?? [],
    volumes: request.volumes ?? [],
    limits: { maxBytes: row.maxBytes === null ? null : Number(row.maxBytes), maxItems: row.maxItems },
    schedule: row.schedule,
    enabled: row.enabled,
    nextRunAt: nextRunOf(row),
    running: row.leaseExpiresAt !== null && row.leaseExpiresAt > now,
    lastRun: row.lastRunAt
      ? { at: row.lastRunAt.toISOString(), planId: row.lastPlanId, outcome: row.lastOutcome, error: row.lastError }
      : null,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function storedRequestOf(body: Partial<CleanupPolicyCreate>, current: CleanupPlanRequest = {}): string {
  const request: CleanupPlanRequest = {
    ...current,
    ...(body.rules !== undefined ? { rules: body.rules } : {}),
    ...(body.keep !== undefined ? { keep: body.keep } : {}),
    ...(body.images !== undefined ? { images: body.images } : {}),
    ...(body.containers !== undefined ? { containers: body.containers } : {}),
    ...(body.volumes !== undefined ? { volumes: body.volumes } : {}),
  };
  return JSON.stringify(cleanupPlanRequestSchema.parse(request));
}

const nameTaken = (name: string, error: unknown) =>
  (error as { code?: string }).code === "P2002"
    ? new AppError("conflict:cleanup_policy", `A clean-up policy named "${name}" exists already.`, { cause: error })
    : error;

async function findPolicyRow(id: string): Promise<CleanupPolicyRow> {
  const row = await getDb().cleanupPolicy.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:cleanup_policy", `no clean-up policy "${id}"`);
  return row;
}

/** Every policy, by name. */
export async function listCleanupPolicies(): Promise<CleanupPolicy[]> {
  const rows = await getDb().cleanupPolicy.findMany({ orderBy: { name: "asc" } });
  return rows.map((row) => toPolicy(row));
}

/** One policy; 404 when there is none with that ID. */
export async function getCleanupPolicy(id: string): Promise<CleanupPolicy> {
  return toPolicy(await findPolicyRow(id));
}

/** Changes to the saved policies are recorded (they decide what a schedule removes later). */
async function auditPolicyChange(action: string, name: string, actor: string, params: Record<string, unknown>): Promise<void> {
  await recordEvent({ action, target: name, actor, outcome: "succeeded", params });
}

/**
 * Saves a policy; 409 when the name is taken. The schedule (if any) starts at once in this
 * process; other servers sharing the database pick it up within a minute.
 *
 * @example await createCleanupPolicy({ body: { name: "nightly", rules: { dangling: true }, schedule: "0 3 * * *" }, actor: "ana" })
 */
export async function createCleanupPolicy({ body, actor }: { body: CleanupPolicyCreate; actor: string }): Promise<CleanupPolicy> {
  requireDefaultEngine("are saved");
  const row = await getDb()
    .cleanupPolicy.create({
      data: {
        name: body.name,
        request: storedRequestOf(body),
        maxBytes: body.limits?.maxBytes === undefined ? null : BigInt(body.limits.maxBytes),
        maxItems: body.limits?.maxItems ?? null,
        schedule: body.schedule ?? null,
        enabled: body.enabled ?? true,
        createdBy: actor,
      },
    })
    .catch((error: unknown) => {
      throw nameTaken(body.name, error);
    });
  await auditPolicyChange("cleanup.policy.create", row.name, actor, { id: row.id, ...body });
  notifyPolicyChange();
  return toPolicy(row);
}

/** Changes a policy's fields; fields not given stay as they are. */
export async function updateCleanupPolicy({
  id,
  body,
  actor,
}: {
  id: string;
  body: CleanupPolicyUpdate;
  actor: string;
}): Promise<CleanupPolicy> {
  requireDefaultEngine("are changed");
  const current = await findPolicyRow(id);
  const row = await getDb()
    .cleanupPolicy.update({
      where: { id },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        request: storedRequestOf(body, requestOf(current)),
        ...(body.limits !== undefined
          ? { maxBytes: body.limits.maxBytes === undefined ? null : BigInt(body.limits.maxBytes), maxItems: body.limits.maxItems ?? null }
          : {}),
        ...(body.schedule !== undefined ? { schedule: body.schedule } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      },
    })
    .catch((error: unknown) => {
      throw nameTaken(body.name ?? current.name, error);
    });
  await auditPolicyChange("cleanup.policy.update", row.name, actor, { id, ...body });
  notifyPolicyChange();
  return toPolicy(row);
}

/** Deletes a policy; a run in progress finishes (its plan and audit rows stay). */
export async function deleteCleanupPolicy({ id, actor }: { id: string; actor: string }): Promise<{ id: string; name: string }> {
  const row = await findPolicyRow(id);
  await getDb().cleanupPolicy.deleteMany({ where: { id } });
  await auditPolicyChange("cleanup.policy.delete", row.name, actor, { id });
  notifyPolicyChange();
  return { id, name: row.name };
}

// Next.js bundles instrumentation.ts (which starts the scheduler) apart from the route handlers, so
// each has its own copy of this module: the listener lives on globalThis to reach across them.
const listenerState = globalThis as unknown as { dashboardCleanupPolicyListener?: (() => void) | null };
const notifyPolicyChange = () => listenerState.dashboardCleanupPolicyListener?.();

/** The scheduler listens, to apply a change made through this server at once. */
export function onCleanupPolicyChange(listener: (() => void) | null): void {
  listenerState.dashboardCleanupPolicyListener = listener;
}

/**
 * Takes the policy's lease with one conditional UPDATE: it succeeds only when no live lease is
 * held (none, or expired), and for a scheduled tick only when no server started a run for this
 * tick or a later one. SQLite and PostgreSQL both apply the UPDATE atomically, so of two servers
 * asking at once exactly one gets the row.
 */
export async function acquirePolicyLease({
  id,
  owner,
  now = new Date(),
  tickAt,
}: {
  id: string;
  owner: string;
  now?: Date;
  tickAt?: Date;
}): Promise<boolean> {
  const { count } = await getDb().cleanupPolicy.updateMany({
    where: {
      id,
      OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lte: now } }],
      ...(tickAt ? { AND: [{ OR: [{ lastTickAt: null }, { lastTickAt: { lt: tickAt } }] }] } : {}),
    },
    data: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + POLICY_LEASE_MS), ...(tickAt ? { lastTickAt: tickAt } : {}) },
  });
  return count === 1;
}

async function renewPolicyLease(id: string, owner: string): Promise<void> {
  await getDb().cleanupPolicy.updateMany({
    where: { id, leaseOwner: owner },
    data: { leaseExpiresAt: new Date(Date.now() + POLICY_LEASE_MS) },
  });
}

async function releasePolicyLease(
  id: string,
  owner: string,
  outcome: { planId: string | null; outcome: string; error: string | null },
): Promise<void> {
  await getDb().cleanupPolicy.updateMany({
    where: { id, leaseOwner: owner },
    data: {
      leaseOwner: null,
      leaseExpiresAt: null,
      lastRunAt: new Date(),
      lastPlanId: outcome.planId,
      lastOutcome: outcome.outcome,
      lastError: outcome.error,
    },
  });
}

/**
 * Runs a policy: takes its lease (409 when another run holds it), makes its plan under its limits
 * (items past a limit are blocked, naming it) and runs that plan as a manual run would, audited
 * with the policy's name and what started it. The saved policy is the confirmation, so none is
 * asked. The lease is renewed while the run goes on and given back at its end.
 *
 * @example for await (const line of await runCleanupPolicy({ id, actor: "ana", trigger: "manual" })) console.log(line);
 */
export async function runCleanupPolicy({
  id,
  actor,
  trigger,
  tickAt,
  owner = `${processOwner}/${randomUUID().slice(0, 8)}`,
}: {
  id: string;
  actor: string;
  trigger: "manual" | "schedule";
  tickAt?: Date;
  /** The lease holder's name: one per run, so a late release never frees a later run's lease. */
  owner?: string;
}): Promise<AsyncGenerator<CleanupRunProgress, CleanupRunResult>> {
  requireDefaultEngine("run");
  const row = await findPolicyRow(id);
  if (!(await acquirePolicyLease({ id, owner, ...(tickAt ? { tickAt } : {}) }))) {
    throw new AppError(
      "conflict:cleanup_policy",
      tickAt
        ? `Clean-up policy "${row.name}" is running, or another server ran it for this tick.`
        : `Clean-up policy "${row.name}" is running already: one run at a time.`,
    );
  }
  const renew = setInterval(() => void renewPolicyLease(id, owner).catch(() => undefined), LEASE_RENEW_MS);
  renew.unref();
  let planId: string | null = null;
  let finished = false;
  const finish = async (outcome: string, error: string | null) => {
    if (finished) return;
    finished = true;
    clearInterval(renew);
    await releasePolicyLease(id, owner, { planId, outcome, error }).catch((releaseError: unknown) =>
      console.error("cleanup: could not release the lease of policy", id, releaseError),
    );
  };
  let progress: AsyncGenerator<CleanupRunProgress, CleanupRunResult>;
  const sessionParams = { policy: row.name, policyId: id, trigger, ...(tickAt ? { tick: tickAt.toISOString() } : {}) };
  try {
    const plan = await createCleanupPlan({
      request: requestOf(row),
      actor,
      limits: { maxBytes: row.maxBytes === null ? undefined : Number(row.maxBytes), maxItems: row.maxItems ?? undefined },
    });
    planId = plan.id;
    progress = cleanupRunProgress(
      await prepareCleanupRun({
        planId: plan.id,
        actor,
        confirmed: true,
        sessionParams,
      }),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finish("failed", message);
    // No session row exists yet (planning failed, or the plan could not be started): without
    // this row a scheduled run that failed would leave no trace in the audit log.
    await recordEvent({
      action: "cleanup.run",
      target: planId ?? `policy ${row.name}`,
      actor,
      outcome: "failed",
      error: message,
      params: { ...sessionParams, planId },
    });
    throw error;
  }
  return (async function* () {
    try {
      for (;;) {
        const next = await progress.next();
        if (next.done) {
          await finish(
            next.value.failed.length > 0 ? "failed" : "succeeded",
            next.value.failed.length > 0 ? `${next.value.failed.length} removals failed` : null,
          );
          return next.value;
        }
        yield next.value;
      }
    } catch (error) {
      await finish("failed", error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      // A reader that went away: the run goes on (see cleanupRunProgress); give the lease back when it ends.
      if (!finished) void drain(progress, finish);
    }
  })();
}

/** Reads a run the client stopped reading to its end, then releases the lease. */
async function drain(
  progress: AsyncGenerator<CleanupRunProgress, CleanupRunResult>,
  finish: (outcome: string, error: string | null) => Promise<void>,
) {
  try {
    for (;;) {
      const next = await progress.next();
      if (next.done) {
        await finish(next.value.failed.length > 0 ? "failed" : "succeeded", null);
        return;
      }
    }
  } catch (error) {
    await finish("failed", error instanceof Error ? error.message : String(error));
  }
}

/**
 * One scheduler tick of a policy: runs it to its end unless a run holds the lease or a server ran
 * it for this tick already, or when the policy is no longer scheduled so (`schedule`: the pattern
 * the caller's job runs). Never throws (a scheduler has nobody to answer): the outcome is in
 * the audit log and on the policy.
 *
 * @returns "ran", or "skipped" when another run or server had it
 */
export async function runScheduledCleanupTick(id: string, tickAt: Date, schedule?: string): Promise<"ran" | "skipped" | "failed"> {
  let name = id;
  try {
    const row = await findPolicyRow(id);
    name = row.name;
    // Changed through another server since this one's scheduler last read it (it re-reads every
    // minute): the database's word counts.
    if (!row.enabled || !row.schedule || (schedule !== undefined && row.schedule !== schedule)) return "skipped";
    const progress = await runCleanupPolicy({ id, actor: `policy:${row.name}`, trigger: "schedule", tickAt });
    for (;;) if ((await progress.next()).done) return "ran";
  } catch (error) {
    if (isAppError(error) && error.code === "conflict:cleanup_policy") return "skipped";
    if (isAppError(error) && error.code === "not_found:cleanup_policy") return "skipped";
    console.error(`cleanup: scheduled run of policy ${name} failed`, error);
    return "failed";
  }
}
