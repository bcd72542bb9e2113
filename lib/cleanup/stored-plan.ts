import { cleanupItemSchema, cleanupPlanRequestSchema } from "@/lib/cleanup/schemas";
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
};

/** The row turned back into the API's plan; the JSON columns are checked, not trusted. */
export function toCleanupPlan(row: CleanupPlanRow): CleanupPlan {
  return {
    id: row.id,
    items: z.array(cleanupItemSchema).parse(JSON.parse(row.items)),
    reclaimableBytes: Number(row.reclaimableBytes),
    sharedBetweenItemsBytes: Number(row.sharedBetweenItemsBytes),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** The request as stored beside the plan (what it was made from), normalized by its schema. */
export function storedRequest(request: unknown): string {
  return JSON.stringify(cleanupPlanRequestSchema.parse(request));
}
