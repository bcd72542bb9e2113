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

// Results

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
});

export const buildResultSchema = z.object({
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
  step: z.object({ index: z.number().int(), instruction: z.string() }).nullable(),
  /** The last step's image that was built: run a container from it to look around. */
  lastImageId: z.string().nullable(),
  logTail: z.array(z.string()),
});

/** One line of the `application/x-ndjson` answer, before the closing `{"result"}` or error line. */
export const buildEventSchema = z.union([
  z.object({ type: z.literal("step"), index: z.number().int(), instruction: z.string(), total: z.number().int() }),
  z.object({ type: z.literal("output"), index: z.number().int().nullable(), line: z.string() }),
  z.object({ type: z.literal("step-done"), step: buildStepSchema.omit({ output: true }) }),
]);
