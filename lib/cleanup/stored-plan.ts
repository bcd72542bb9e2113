import { cleanupItemSchema, cleanupPlanRequestSchema, cleanupRunResultSchema } from "@/lib/cleanup/schemas";
import type { CleanupPlan } from "@/lib/cleanup/types";
import { z } from "zod";

/** A plan row as the database holds it. */
export type CleanupPlanRow = {
  id: string;
  createdAt: Date;
  createdBy: string;
  request: string;
  items: string;
  reclaimableBytes: bigint;
  sharedBetweenItemsBytes: bigint;
  itemState?: string;
  runStartedAt?: Date | null;
  runBy?: string | null;
  runFinishedAt?: Date | null;
  runAuditId?: string | null;
  runResult?: string | null;
};

/** What the run needs to know of each item as it was when planned. */
export const itemStateSchema = z.object({
  /** Image ID → its references when planned (a re-tag or untag since then skips the image). */
  imageTags: z.record(z.string(), z.array(z.string())).default({}),
  /** The plan's notes (what it could not look at). */
  notes: z.array(z.string()).default([]),
});
export type ItemState = z.infer<typeof itemStateSchema>;

/** The row turned back into the API's plan; the JSON columns are checked, not trusted. */
export function toCleanupPlan(row: CleanupPlanRow): CleanupPlan {
  return {
    id: row.id,
    items: z.array(cleanupItemSchema).parse(JSON.parse(row.items)),
    reclaimableBytes: Number(row.reclaimableBytes),
    sharedBetweenItemsBytes: Number(row.sharedBetweenItemsBytes),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    notes: toItemState(row).notes,
    run: row.runStartedAt
      ? {
          startedAt: row.runStartedAt.toISOString(),
          startedBy: row.runBy ?? "",
          finishedAt: row.runFinishedAt?.toISOString() ?? null,
          auditId: row.runAuditId ?? null,
          result: row.runResult ? cleanupRunResultSchema.parse(JSON.parse(row.runResult)) : null,
        }
      : null,
  };
}

/** The stored item state; a row from before it was recorded has none (no tag check then). */
export function toItemState(row: Pick<CleanupPlanRow, "itemState">): ItemState {
  try {
    return itemStateSchema.parse(JSON.parse(row.itemState ?? "{}"));
  } catch {
    return { imageTags: {}, notes: [] };
  }
}

/** The request as stored beside the plan (what it was made from), normalized by its schema. */
export function storedRequest(request: unknown): string {
  return JSON.stringify(cleanupPlanRequestSchema.parse(request));
}
