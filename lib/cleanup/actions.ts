import "server-only";
import { previewCleanupPlan } from "@/lib/cleanup/queries";
import { storedRequest, toCleanupPlan } from "@/lib/cleanup/stored-plan";
import type { CleanupPlan, CleanupPlanRequest } from "@/lib/cleanup/types";
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
}: {
  request: CleanupPlanRequest;
  actor: string;
  now?: Date;
}): Promise<CleanupPlan> {
  const plan = await previewCleanupPlan(request, now);
  const row = await getDb().cleanupPlan.create({
    data: {
      createdAt: now,
      createdBy: actor,
      request: storedRequest(request),
      items: JSON.stringify(plan.items),
      reclaimableBytes: BigInt(plan.reclaimableBytes),
      sharedBetweenItemsBytes: BigInt(plan.sharedBetweenItemsBytes),
    },
  });
  return toCleanupPlan(row);
}
