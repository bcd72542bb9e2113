import { z } from "zod";
import { containerSummarySchema } from "@/lib/containers/schemas";
import { queryFlag } from "@/lib/http/query-flags";

// Requests

export const IMAGE_FILTERS = ["all", "dangling", "in-use", "unused"] as const;
export const IMAGE_SORTS = ["created", "size", "name", "unique"] as const;

/** `GET /api/images` and the images page read the same query. */
export const imageListQuerySchema = z.object({
  filter: z.enum(IMAGE_FILTERS).optional(),
  q: z.string().max(256).optional(),
  sort: z.enum(IMAGE_SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

/** `{ref}` in a path: an image ID (full or short) or a reference; the grammar is checked by the action. */
export const imageRefParamsSchema = z.object({ ref: z.string().min(1, "an image ID or reference is required").max(512) });

export const removeImageQuerySchema = z.object({
  force: queryFlag.optional(),
  noprune: queryFlag.optional(),
});

export const tagImageBodySchema = z.object({
  repo: z.string({ error: 'repo is required (e.g. "bars/fat")' }).min(1, "repo must not be empty").max(255),
  tag: z.string().max(128).optional(),
});

export const pullImageBodySchema = z.object({
  reference: z.string({ error: "reference is required" }).min(1, "reference is required").max(512),
});

export const importImageQuerySchema = z.object({
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  message: z.string().max(1000).optional(),
  /** A Dockerfile instruction to apply, like `docker import --change`; repeat the parameter for several. */
  change: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]).optional(),
});

export const importImageUrlBodySchema = z.object({
  url: z.string({ error: "url is required" }).min(1).max(2048),
  changes: z.array(z.string().max(1000)).max(50).optional(),
});

export const commitContainerBodySchema = z.object({
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  message: z.string().max(1000).optional(),
  author: z.string().max(255).optional(),
  pause: z.boolean().optional(),
  changes: z.array(z.string().max(1000)).max(50).optional(),
});

// Results

export const imageSummarySchema = z.object({
  id: z.string(),
  shortId: z.string(),
  /** `repo:tag` references; empty for a dangling image (shown as `<none>:<none>`). */
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  /** ISO 8601. */
  created: z.string(),
  size: z.number(),
  /** Bytes in layers that other listed images also use. */
  sharedSize: z.number(),
  /** Bytes only this image uses: what removing it frees. */
  uniqueSize: z.number(),
  layerCount: z.number(),
  /** Containers created from this image, running or stopped (a stopped one still blocks rmi). */
  containers: z.number(),
  dangling: z.boolean(),
});

export const imageListTotalsSchema = z.object({
  count: z.number(),
  /** Bytes on disk for all listed images, each shared layer counted once. */
  totalSize: z.number(),
  /** Bytes freed by removing every image no container uses (`docker image prune -a`). */
  unusedSize: z.number(),
  unusedCount: z.number(),
  /** Bytes freed by removing every unused dangling image (`docker image prune`). */
  danglingSize: z.number(),
  danglingCount: z.number(),
});

export const imageListSchema = z.object({ images: z.array(imageSummarySchema), totals: imageListTotalsSchema });

export const healthcheckConfigSchema = z.object({
  test: z.array(z.string()),
  interval: z.number().optional(),
  timeout: z.number().optional(),
  startPeriod: z.number().optional(),
  retries: z.number().optional(),
});

export const imageConfigViewSchema = z.object({
  cmd: z.array(z.string()).nullable(),
  entrypoint: z.array(z.string()).nullable(),
  /** What a container runs by default: ENTRYPOINT followed by CMD. */
  startCommand: z.array(z.string()).nullable(),
  env: z.array(z.string()),
  exposedPorts: z.array(z.string()),
  volumes: z.array(z.string()),
  workingDir: z.string(),
  user: z.string(),
  labels: z.record(z.string(), z.string()),
  onBuild: z.array(z.string()),
  healthcheck: healthcheckConfigSchema.nullable(),
  stopSignal: z.string().nullable(),
  shell: z.array(z.string()).nullable(),
  os: z.string(),
  architecture: z.string(),
  variant: z.string().nullable(),
  repoDigests: z.array(z.string()),
  parent: z.string().nullable(),
  author: z.string(),
  comment: z.string(),
  dockerVersion: z.string(),
  created: z.string(),
});

export const historyStepSchema = z.object({
  /** Image ID of the step, or null where `docker history` prints `<missing>`. */
  id: z.string().nullable(),
  created: z.string(),
  createdBy: z.string(),
  /** The Dockerfile instruction the step came from, e.g. `RUN dd if=/dev/zero ...`. */
  instruction: z.string(),
  keyword: z.string(),
  size: z.number(),
  comment: z.string(),
  tags: z.array(z.string()),
  /** True when the step changed only metadata and made no layer. Null when it cannot be told. */
  emptyLayer: z.boolean().nullable(),
  layerIndex: z.number().nullable(),
  diffId: z.string().nullable(),
});

export const layerSharerSchema = z.object({ id: z.string(), shortId: z.string(), repoTags: z.array(z.string()) });

export const layerViewSchema = z.object({
  index: z.number(),
  diffId: z.string(),
  chainId: z.string(),
  size: z.number(),
  /** Index into `history` (oldest first) of the step that made this layer, or null if unknown. */
  stepIndex: z.number().nullable(),
  instruction: z.string().nullable(),
  /** Other listed images that stack this very layer (same chain ID). */
  sharedWith: z.array(layerSharerSchema),
});

export const alignmentInfoSchema = z.object({
  /** Where the step↔layer mapping came from. */
  source: z.enum(["config", "sizes", "intermediate-images", "unknown"]),
  note: z.string().nullable(),
});

export const imageDetailSchema = z.object({
  summary: imageSummarySchema,
  config: imageConfigViewSchema,
  /** Oldest step first (the reverse of `docker history`'s order). */
  history: z.array(historyStepSchema),
  /** Base layer first. */
  layers: z.array(layerViewSchema),
  alignment: alignmentInfoSchema,
  containers: z.array(containerSummarySchema),
});

export const removedImageSchema = z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) });

export const taggedImageSchema = z.object({ source: z.string(), target: z.string() });

/** Bytes are what crossed between the dashboard (or registry) and the engine. */
export const pulledImageSchema = z.object({ reference: z.string(), id: z.string(), digest: z.string().nullable(), bytes: z.number() });
export const pushedImageSchema = z.object({ reference: z.string(), digest: z.string().nullable(), bytes: z.number() });
export const importedImageSchema = z.object({ id: z.string(), reference: z.string().nullable(), bytes: z.number() });
export const loadedImagesSchema = z.object({ loaded: z.array(z.string()), bytes: z.number() });
export const committedImageSchema = z.object({ id: z.string(), reference: z.string().nullable() });
