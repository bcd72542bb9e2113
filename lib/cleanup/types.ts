import type { z } from "zod";
import type {
  cleanupCountSchema,
  cleanupCountsRequestSchema,
  cleanupCountsSchema,
  blockerSchema,
  cleanupItemSchema,
  cleanupKeepSchema,
  cleanupPlanRequestSchema,
  cleanupPlanSchema,
  cleanupPolicyCreateSchema,
  cleanupPolicyListSchema,
  cleanupPolicySchema,
  cleanupPolicyUpdateSchema,
  cleanupRulesSchema,
  cleanupRunProgressSchema,
  cleanupRunRequestSchema,
  cleanupRunResultSchema,
  diskUsageSchema,
  systemDfStatusSchema,
} from "@/lib/cleanup/schemas";

export type CleanupRules = z.infer<typeof cleanupRulesSchema>;
export type CleanupKeep = z.infer<typeof cleanupKeepSchema>;
export type CleanupPlanRequest = z.infer<typeof cleanupPlanRequestSchema>;
export type CleanupCountsRequest = z.infer<typeof cleanupCountsRequestSchema>;
export type CleanupCount = z.infer<typeof cleanupCountSchema>;
export type CleanupCounts = z.infer<typeof cleanupCountsSchema>;
export type CleanupBlocker = z.infer<typeof blockerSchema>;
export type CleanupItem = z.infer<typeof cleanupItemSchema>;
export type CleanupPlan = z.infer<typeof cleanupPlanSchema>;
export type CleanupRunRequest = z.infer<typeof cleanupRunRequestSchema>;
export type CleanupRunResult = z.infer<typeof cleanupRunResultSchema>;
export type CleanupRunProgress = z.infer<typeof cleanupRunProgressSchema>;
export type CleanupItemRef = Pick<CleanupItem, "kind" | "id" | "name">;
export type CleanupPolicy = z.infer<typeof cleanupPolicySchema>;
export type CleanupPolicyList = z.infer<typeof cleanupPolicyListSchema>;
export type CleanupPolicyCreate = z.infer<typeof cleanupPolicyCreateSchema>;
export type CleanupPolicyUpdate = z.infer<typeof cleanupPolicyUpdateSchema>;
export type SystemDfStatus = z.infer<typeof systemDfStatusSchema>;
export type DiskUsage = z.infer<typeof diskUsageSchema>;

/** An image as the planner sees it: list fields plus its layers (chain IDs and sizes, base first). */
export type PlannerImage = {
  id: string;
  repoTags: string[];
  /** Unix seconds. */
  created: number;
  size: number;
  labels: Record<string, string>;
  chainIds: readonly string[];
  layerSizes: readonly number[];
};

/** A container as the planner sees it. */
export type PlannerContainer = {
  id: string;
  name: string;
  imageId: string;
  state: string;
  /** Unix seconds. */
  created: number;
  /** Writable layer bytes; 0 when the engine did not measure it. */
  sizeRw: number;
};

/** A volume as the planner sees it. */
export type PlannerVolume = {
  name: string;
  labels: Record<string, string>;
  /** Containers (running or stopped) that mount it. */
  users: readonly { id: string; name: string }[];
  /** Bytes from the last `system df`, or null. */
  size: number | null;
};

/** A record of the engine's (BuildKit) build cache, from `system df`. */
export type PlannerBuildCacheRecord = {
  id: string;
  type: string;
  description: string;
  size: number;
  inUse: boolean;
  shared: boolean;
};
