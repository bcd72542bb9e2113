import { Cron } from "croner";
import { z } from "zod";

// Requests

const days = z.number().int().min(0).max(36_500);

/**
 * The candidate rules of a plan. Rules given together narrow each other (an image is a candidate
 * when it matches every image rule given, as `docker image prune -a --filter until=…` does);
 * `stoppedContainersOlderThanDays` picks containers. Unknown rules are refused rather than ignored.
 */
export const cleanupRulesSchema = z
  .object({
    dangling: z.literal(true).optional().describe("images with no tag (`<none>:<none>`)"),
    unused: z.literal(true).optional().describe("images no container (running or stopped) uses"),
    olderThanDays: days.optional().describe("images created more than N days ago"),
    largerThanBytes: z.number().int().min(0).optional().describe("images whose size is more than N bytes"),
    keepNewestPerRepo: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .optional()
      .describe("tags of a repository beyond its newest K (by creation time); the newest K of each repository are kept"),
    stoppedContainersOlderThanDays: days.optional().describe("stopped containers created more than N days ago"),
    unusedForDays: days
      .optional()
      .describe(
        "images no container has used for more than N days: last use from the engine's container timestamps (created, started, finished; a running container is a use now) and the audit log's launches; an image never used counts from its creation",
      ),
    danglingVolumes: z
      .literal(true)
      .optional()
      .describe(
        "volumes no container (running or stopped) mounts. Their files go with them: data loss, so a run needs admin and a confirmation",
      ),
    buildCache: z
      .literal(true)
      .optional()
      .describe(
        "what builds leave behind: dangling images of classic builds (with the step images under them) and the engine's BuildKit build cache records not in use (listed from the last `docker system df`). Added to the other rules' candidates, not narrowing them",
      ),
  })
  .strict();

/** What is never a candidate of the rules (explicitly listed items are planned as given). */
export const cleanupKeepSchema = z
  .object({
    patterns: z
      .array(z.string().min(1).max(512))
      .max(100)
      .optional()
      .describe(
        'references to keep: `*` matches any run of characters (`/` included), `?` one; e.g. "*:latest", "registry.example.com/prod/*"',
      ),
    labels: z
      .array(z.string().min(1).max(512))
      .max(100)
      .optional()
      .describe('images with this label ("key") or this label value ("key=value")'),
  })
  .strict();

export const cleanupPlanRequestSchema = z
  .object({
    rules: cleanupRulesSchema.optional(),
    keep: cleanupKeepSchema.optional(),
    images: z.array(z.string().min(1).max(512)).max(1000).optional().describe("image references or IDs to plan as given"),
    containers: z.array(z.string().min(1).max(256)).max(1000).optional().describe("container IDs or names to plan as given"),
    volumes: z.array(z.string().min(1).max(256)).max(1000).optional().describe("volume names to plan as given"),
  })
  .strict();

// Results

export const blockerSchema = z.object({ kind: z.enum(["container"]), id: z.string(), name: z.string() });

export const cleanupItemSchema = z.object({
  kind: z.enum(["image", "container", "volume", "build-cache"]),
  id: z.string(),
  name: z.string(),
  reason: z.string().describe("why it is in the plan: the rules it matched, or that it was listed"),
  bytes: z.number().describe("what this item frees that no other item of the plan also frees; 0 when blocked"),
  blocked: z.boolean(),
  blockedBy: z.array(blockerSchema).optional().describe("the containers that keep an image in use (and are not in the plan)"),
  blockedReason: z.string().optional(),
  dataBytes: z
    .number()
    .nullable()
    .optional()
    .describe("a volume's files as the last `docker system df` measured them (null when not measured); not part of `bytes`"),
});

export const cleanupPlanIdParamsSchema = z.object({ id: z.string().min(1, "a plan id is required").max(128) });

const itemRefSchema = z.object({ kind: cleanupItemSchema.shape.kind, id: z.string(), name: z.string() });

export const cleanupRunResultSchema = z.object({
  planId: z.string(),
  removed: z.array(itemRefSchema.extend({ command: z.string().describe("the equivalent docker CLI line") })),
  skipped: z.array(z.object({ item: itemRefSchema, reason: z.string() })),
  failed: z.array(z.object({ item: itemRefSchema, error: z.string() })),
  freedBytes: z
    .number()
    .describe(
      "layers (by chain ID) present before the run and gone after it, each counted once, in the engine's own layer sizes, plus the removed containers' writable layers",
    ),
  freedLayerBytes: z.number(),
  freedWritableBytes: z.number(),
  pruneCommand: z.string().nullable().describe("the equivalent prune command, where the plan's rules have one"),
  auditId: z.string().describe("the run's session row in the audit log (GET /api/audit?session=ID lists its removals)"),
  startedAt: z.string(),
  finishedAt: z.string(),
});

/** One line of the run's progress stream (`Accept: application/x-ndjson`), then `{"result": …}`. */
export const cleanupRunProgressSchema = z.union([
  z.object({ type: z.literal("started"), planId: z.string(), total: z.number(), auditId: z.string() }),
  z.object({
    type: z.literal("item"),
    index: z.number().describe("0-based position in the plan"),
    total: z.number(),
    item: itemRefSchema,
    outcome: z.enum(["removed", "skipped", "failed"]),
    reason: z.string().optional(),
    error: z.string().optional(),
    command: z.string().optional(),
    freedBytes: z.number().describe("bytes freed so far in this run"),
  }),
]);

export const cleanupRunRequestSchema = z
  .object({
    confirm: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("the number of items the run removes; required when the plan frees more than 1 GB or removes volumes"),
  })
  .strict()
  .optional();

export const cleanupPlanRunStateSchema = z.object({
  startedAt: z.string(),
  startedBy: z.string(),
  finishedAt: z.string().nullable(),
  auditId: z.string().nullable(),
  result: cleanupRunResultSchema.nullable(),
});

export const cleanupPlanSchema = z.object({
  id: z.string().describe("the stored plan's ID (GET /api/cleanup/plans/{id})"),
  items: z.array(cleanupItemSchema),
  reclaimableBytes: z
    .number()
    .describe(
      "layers (by chain ID) the removable items use and nothing that stays uses, each counted once, plus their containers' writable layers",
    ),
  sharedBetweenItemsBytes: z
    .number()
    .describe("the part of reclaimableBytes in layers several items of the plan share (no single item frees it)"),
  createdAt: z.string(),
  createdBy: z.string(),
  notes: z.array(z.string()).describe("what the plan could not look at, e.g. build cache while `system df` is still computing"),
  run: cleanupPlanRunStateSchema.nullable().describe("null until the plan is run (a plan runs once)"),
});

const systemDfResultSchema = z.object({
  layersBytes: z.number(),
  imagesBytes: z.number(),
  containersWritableBytes: z.number(),
  volumesBytes: z.number(),
  buildCacheBytes: z.number(),
  buildCacheReclaimableBytes: z.number(),
});

export const systemDfStatusSchema = z.object({
  state: z.enum(["idle", "computing", "ready"]),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable().describe("why the last computation failed (state goes back to idle)"),
  result: systemDfResultSchema.nullable().describe("the last completed `docker system df`, also while a newer one is computing"),
});

export const diskUsageSchema = z.object({
  images: z.object({
    count: z.number(),
    totalBytes: z.number().describe("every layer (by chain ID) counted once"),
    uniqueBytes: z.number().describe("layers one image alone stacks"),
    sharedBytes: z.number().describe("layers several images stack, counted once"),
    danglingCount: z.number(),
    danglingBytes: z.number().describe("what removing every dangling image no container uses would truly free"),
    unusedCount: z.number(),
    unusedBytes: z.number().describe("what removing every image no container uses would truly free"),
  }),
  containers: z.object({
    count: z.number(),
    runningCount: z.number(),
    stoppedCount: z.number(),
    writableBytes: z.number().describe("the containers' writable (copy-on-write) layers"),
    stoppedWritableBytes: z.number(),
  }),
  volumes: z.object({
    count: z.number(),
    danglingCount: z.number(),
    totalBytes: z.number().nullable().describe("from the last `system df` (null until one is ready; local volumes only)"),
    danglingBytes: z.number().nullable(),
  }),
  buildCache: z.object({
    intermediateImageCount: z.number().describe("the classic builder's per-step images (`docker images -a` minus `docker images`)"),
    totalBytes: z.number().nullable().describe("BuildKit's cache from the last `system df` (null until one is ready)"),
    reclaimableBytes: z.number().nullable(),
  }),
  systemDf: systemDfStatusSchema,
});

// Policies

/**
 * A cron pattern croner accepts: 5 fields (minute first) or 6 (seconds first), e.g. "0 3 * * 0"
 * (Sundays at 03:00, the server's time zone).
 */
export const cronScheduleSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((pattern, context) => {
    try {
      const job = new Cron(pattern, { paused: true });
      const next = job.nextRun();
      job.stop();
      if (!next) context.addIssue({ code: "custom", message: `"${pattern}" never runs` });
    } catch (error) {
      context.addIssue({ code: "custom", message: `not a cron schedule: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

export const cleanupPolicyLimitsSchema = z
  .object({
    maxBytes: z.number().int().min(1).optional().describe("a run never frees more than this (bytes, as the plan counts them)"),
    maxItems: z.number().int().min(1).max(10_000).optional().describe("a run never removes more items than this"),
  })
  .strict();

const policyFields = {
  name: z.string().trim().min(1).max(100),
  rules: cleanupRulesSchema.optional(),
  keep: cleanupKeepSchema.optional(),
  images: cleanupPlanRequestSchema.shape.images,
  containers: cleanupPlanRequestSchema.shape.containers,
  volumes: cleanupPlanRequestSchema.shape.volumes,
  limits: cleanupPolicyLimitsSchema.optional(),
  schedule: cronScheduleSchema.nullable().optional().describe("cron syntax; null or absent: runs only on demand"),
  enabled: z.boolean().optional().describe("a disabled policy is not scheduled (it can still be run on demand)"),
};

export const cleanupPolicyCreateSchema = z.object(policyFields).strict();
export const cleanupPolicyUpdateSchema = z
  .object(policyFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change" });

export const cleanupPolicyIdParamsSchema = z.object({ id: z.string().min(1, "a policy id is required").max(128) });

export const cleanupPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  rules: cleanupRulesSchema,
  keep: cleanupKeepSchema,
  images: z.array(z.string()),
  containers: z.array(z.string()),
  volumes: z.array(z.string()),
  limits: z.object({ maxBytes: z.number().nullable(), maxItems: z.number().nullable() }),
  schedule: z.string().nullable(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable().describe("the schedule's next time (null without a schedule or when disabled)"),
  running: z.boolean().describe("a run holds the policy's lease now"),
  lastRun: z
    .object({ at: z.string(), planId: z.string().nullable(), outcome: z.string().nullable(), error: z.string().nullable() })
    .nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});

export const cleanupPolicyListSchema = z.object({ policies: z.array(cleanupPolicySchema) });

/**
 * `POST /api/cleanup/counts`: several plan requests by name (typically one rule each, with the
 * keep rules), answered with what each alone would remove, and nothing stored.
 */
export const cleanupCountsRequestSchema = z.object({
  requests: z
    .record(z.string().min(1).max(64), cleanupPlanRequestSchema)
    .refine((requests) => Object.keys(requests).length <= 20, "at most 20 requests at once"),
});

/** What one request would remove: removable items, blocked ones, and the true reclaimable bytes. */
export const cleanupCountSchema = z.object({ count: z.number().int(), blocked: z.number().int(), bytes: z.number() });

export const cleanupCountsSchema = z.object({ counts: z.record(z.string(), cleanupCountSchema) });
