import { z } from "zod";
import { MAX_DOCKERFILE_BYTES } from "@/lib/dockerfile/schemas";
import { queryFlag } from "@/lib/http/query-flags";

// Requests

const repeated = (item: z.ZodType<string>, max: number) => z.union([item, z.array(item).max(max)]).optional();

/** `KEY=VALUE`, as `--build-arg` and `--label` take it (the value may be empty). */
const keyValue = (what: string) =>
  z
    .string()
    .max(4096)
    .regex(/^[^=\s]+=/, `a ${what} is KEY=VALUE (e.g. VERSION=1.2)`);

/**
 * `POST /api/builds`: the options of `docker build`, as query parameters in every form of the
 * body. Repeat `tag`, `buildarg` and `label` for several. Tags are checked against the reference
 * grammar by the action, before the engine sees anything.
 */
export const buildQuerySchema = z.object({
  tag: repeated(z.string().min(1, "a tag must not be empty").max(255), 20),
  buildarg: repeated(keyValue("build arg"), 100),
  label: repeated(keyValue("label"), 100),
  target: z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "target is a stage name (letters, digits, _ . -)")
    .optional(),
  dockerfile: z
    .string()
    .min(1)
    .max(1024)
    .refine(
      (path) => !path.startsWith("/") && !path.split("/").includes(".."),
      "dockerfile is a path inside the context (no leading /, no ..)",
    )
    .optional(),
  nocache: queryFlag.optional(),
  pull: queryFlag.optional(),
  /** Memory limit of each step's container, in bytes (at least 6 MiB, the engine's minimum). */
  memory: z.coerce
    .number({ error: "memory is a number of bytes" })
    .int("memory is a whole number of bytes")
    .min(6 * 1024 * 1024, "memory must be at least 6291456 bytes (6 MiB)")
    .optional(),
  cpushares: z.coerce.number({ error: "cpushares is a number" }).int().min(2, "cpushares is at least 2").max(262144).optional(),
  cpusetcpus: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, "cpusetcpus lists CPUs like 0-3 or 0,1")
    .optional(),
});

/** A typed Dockerfile with optional small files, packed into the build context by the server. */
export const buildJsonBodySchema = z.object({
  dockerfile: z
    .string({ error: "dockerfile is required: the Dockerfile's text" })
    .min(1, "dockerfile must not be empty")
    .max(MAX_DOCKERFILE_BYTES, `dockerfile is at most ${MAX_DOCKERFILE_BYTES} characters`),
  files: z
    .record(
      z
        .string()
        .min(1)
        .max(1024)
        .refine(
          (path) => !path.startsWith("/") && !path.split("/").includes("..") && !path.endsWith("/"),
          "a file name is a relative path inside the context (no leading /, no ..)",
        ),
      z.string().max(1024 * 1024, "each file is at most 1 MiB"),
    )
    .optional(),
});

/**
 * A context the engine fetches itself: a tarball, a plain Dockerfile, or a git repository
 * (`https://host/repo.git#branch:folder`), where the engine can reach it.
 */
export const buildRemoteBodySchema = z.object({
  remote: z
    .string({ error: "remote is the URL the engine fetches the context from" })
    .max(2048, "remote is at most 2048 characters")
    .regex(/^(https?|git):\/\/[^\s]+$/i, "remote is an http(s):// or git:// URL (a tarball, a Dockerfile or a git repository)"),
});

// Results

/**
 * Why a step was rebuilt rather than taken from the cache, where it can be known: compared with
 * the previous build of the same tag (or, untagged, the same Dockerfile path).
 */
export const CACHE_MISS_REASONS = [
  "no-cache",
  "first-build",
  "new-step",
  "instruction-changed",
  "files-changed",
  "build-args-changed",
  "base-image-changed",
  "not-built-before",
  "step-above",
  "unknown",
] as const;

export const cacheMissSchema = z.object({
  reason: z.enum(CACHE_MISS_REASONS),
  /** The reason as a sentence for people. */
  message: z.string(),
  /** instruction-changed: the previous build's instruction at this step. */
  previousInstruction: z.string().optional(),
  /** files-changed: the context files this COPY/ADD copies that changed, were added or removed. */
  files: z.array(z.string()).optional(),
  /** step-above: the step whose rebuild forced this one. */
  step: z.number().int().optional(),
});

export const buildStepSchema = z.object({
  /** 0 is the first FROM; the engine's "Step 1/N" is index 0. */
  index: z.number().int().min(0),
  instruction: z.string(),
  /** The engine took the step's result from its cache ("Using cache"); a FROM step never is. */
  cached: z.boolean(),
  /** The intermediate container the step ran in (removed by the engine afterwards), or null. */
  container: z.string().nullable(),
  /** The image the step produced (short ID, as the engine prints it), or null when it failed. */
  imageId: z.string().nullable(),
  durationMs: z.number().int().min(0),
  /** What the step printed, line by line (stderr's colour codes removed). */
  output: z.array(z.string()),
  /** Why the step was rebuilt; null when it was cached, is a FROM, or is still running. */
  cacheMiss: cacheMissSchema.nullable(),
});

export const buildResultSchema = z.object({
  /** The stored build (GET /api/builds/{id}). */
  id: z.string(),
  imageId: z.string(),
  tags: z.array(z.string()),
  steps: z.array(buildStepSchema),
  /** Steps taken from the cache. */
  cacheHits: z.number().int().min(0),
  durationMs: z.number().int().min(0),
  /** Warnings the engine printed (unused build args, …). */
  warnings: z.array(z.string()),
});

/** The 422 answer of a build whose step failed. */
export const buildFailureSchema = z.object({
  error: z.string(),
  code: z.string(),
  /** The stored build (GET /api/builds/{id}). */
  id: z.string(),
  step: z.object({ index: z.number().int(), instruction: z.string() }).nullable(),
  /** The last step's image that was built: run a container from it to look around. */
  lastImageId: z.string().nullable(),
  logTail: z.array(z.string()),
});

/** One line of the `application/x-ndjson` answer, before the closing `{"result"}` or error line. */
export const buildEventSchema = z.union([
  /** First line, once the engine has accepted the build: its ID for GET /api/builds/{id} and cancel. */
  z.object({ type: z.literal("build"), id: z.string() }),
  z.object({ type: z.literal("step"), index: z.number().int(), instruction: z.string(), total: z.number().int() }),
  z.object({ type: z.literal("output"), index: z.number().int().nullable(), line: z.string() }),
  z.object({ type: z.literal("step-done"), step: buildStepSchema.omit({ output: true }) }),
]);

// History

export const BUILD_OUTCOMES = ["running", "succeeded", "failed", "cancelled"] as const;
export const BUILD_SOURCES = ["upload", "typed", "remote"] as const;

export const buildIdParamsSchema = z.object({ id: z.string().min(1, "a build id is required").max(128) });

export const buildListQuerySchema = z.object({
  outcome: z.enum(BUILD_OUTCOMES).optional(),
  /** Builds tagged with this reference (their first tag), e.g. `app:1`. */
  tag: z.string().trim().max(255).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // The `nextCursor` of an earlier page: a build's ID (a cuid).
  cursor: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{20,40}$/, "must be the nextCursor of an earlier page")
    .optional(),
});

/** The options a build ran with (`docker build` flags), as stored. */
export const buildOptionsSchema = z.object({
  tags: z.array(z.string()),
  buildArgs: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  target: z.string().optional(),
  dockerfile: z.string().optional(),
  nocache: z.boolean(),
  pull: z.boolean(),
  memory: z.number().optional(),
  cpushares: z.number().optional(),
  cpusetcpus: z.string().optional(),
});

/** A step as the history keeps it: the summary without its output (that is in the log). */
export const storedBuildStepSchema = buildStepSchema.omit({ output: true });

export const buildSummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  actor: z.string(),
  outcome: z.enum(BUILD_OUTCOMES),
  source: z.enum(BUILD_SOURCES),
  dockerfilePath: z.string(),
  tags: z.array(z.string()),
  imageId: z.string().nullable(),
  /** The last step's image that was built: run a container from it to debug a failed build. */
  lastImageId: z.string().nullable(),
  error: z.string().nullable(),
  stepCount: z.number().int(),
  cacheHits: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  /** The equivalent docker build line. */
  command: z.string(),
});

export const buildPageSchema = z.object({ builds: z.array(buildSummarySchema), nextCursor: z.string().nullable() });

export const buildDetailSchema = buildSummarySchema.extend({
  options: buildOptionsSchema,
  /** The Dockerfile's text (typed, or read from the uploaded archive); null when not known. */
  dockerfile: z.string().nullable(),
  /** The names of a typed build's extra files. */
  files: z.array(z.string()),
  /** The URL the engine fetched the context from. */
  remote: z.string().nullable(),
  steps: z.array(storedBuildStepSchema),
  /** The log, or its end when it is larger than the row keeps (`logTruncated`; the whole is at /log). */
  log: z.string(),
  logBytes: z.number().int(),
  logTruncated: z.boolean(),
  /** How many context files were hashed (to tell why a COPY missed the cache); null when unknown. */
  contextFileCount: z.number().int().nullable(),
  /** The build compared with for the cache-miss reasons, if any. */
  previousBuildId: z.string().nullable(),
  /** Whether POST /api/builds/{id}/rebuild can repeat it (an uploaded archive is not kept). */
  rebuildable: z.boolean(),
  cancelRequestedAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
});

/** The answer of POST /api/builds/{id}/cancel. */
export const buildCancelResultSchema = z.object({
  id: z.string(),
  /** The build's outcome once it stopped ("cancelled"), or "running" while it is still stopping. */
  outcome: z.enum(BUILD_OUTCOMES),
  /** False when the build had not stopped within 15 s: it still stops, look again. */
  stopped: z.boolean(),
});
