import "server-only";
import { previewCleanupPlan } from "@/lib/cleanup/queries";
import { cleanupRunProgress, prepareCleanupRun } from "@/lib/cleanup/run";
import { storedRequest, toCleanupPlan } from "@/lib/cleanup/stored-plan";
import type { CleanupPlan, CleanupPlanRequest, CleanupRunProgress, CleanupRunResult } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";

/**
 * Makes a plan and stores it, so that it can be read (and, later, run) through any server that
 * shares the database. Nothing on the engine changes, so no audit row: the run will have one.
 *
 * @example const plan = await createCleanupPlan({ request: { rules: { dangling: true } }, actor: "admin" });
 */
export async function createCleanupPlan({
  request,
  actor,
  now = new Date(),
  limits,
}: {
  request: CleanupPlanRequest;
  actor: string;
  now?: Date;
  /** A policy's limits (see planCleanup). */
  limits?: { maxBytes?: number | undefined; maxItems?: number | undefined };
}): Promise<CleanupPlan> {
  const plan = await previewCleanupPlan(request, now, limits);
  const row = await getDb().cleanupPlan.create({
    data: {
      createdAt: now,
      createdBy: actor,
      request: storedRequest(request),
      items: JSON.stringify(plan.items),
      reclaimableBytes: BigInt(plan.reclaimableBytes),
      sharedBetweenItemsBytes: BigInt(plan.sharedBetweenItemsBytes),
      itemState: JSON.stringify({ imageTags: plan.imageTags, notes: plan.notes }),
    },
  });
  return toCleanupPlan(row);
}

/**
 * Runs a stored plan (see lib/cleanup/run.ts): the checks and the claim happen here, so a refused
 * run throws before anything is removed; the returned generator removes the items, yielding
 * progress, and returns the summary.
 *
 * @example for await (const line of await runCleanupPlan({ planId, actor: "ana", confirm: 3 })) console.log(line);
 */
export async function runCleanupPlan({
  planId,
  actor,
  confirm,
}: {
  planId: string;
  actor: string;
  confirm?: number | undefined;
}): Promise<AsyncGenerator<CleanupRunProgress, CleanupRunResult>> {
  return cleanupRunProgress(await prepareCleanupRun({ planId, actor, confirm }));
}
