/**
 * The layer explorer's API contract: requests and answers of
 * `GET /api/images/{ref}/analysis`, `…/layers/{index}/files`, `…/layers/{index}/file` and
 * `GET /api/images/compare`. Pages, routes, the CLI and the store all speak these shapes.
 *
 * Conventions: layer indexes are 0-based, base first; history step indexes are 0-based, oldest
 * first (as in the image config); paths are absolute (`/etc/hostname`); byte counts are regular
 * files' content bytes (not tar headers or padding).
 */
import { z } from "zod";

// Requests

/** `{ref}` in a path: an image ID (full or short) or a reference. The engine settles which image. */
export const analysisRefParamsSchema = z.object({
  ref: z.string().min(1, "an image ID or reference is required").max(512),
});

/** `{index}`: a 0-based layer index, base first. Whether the image has it is checked by the query. */
export const layerIndexSchema = z
  .string()
  .regex(/^(?:0|[1-9]\d{0,5})$/, "a layer index is a whole number from 0 (the base layer)")
  .transform(Number);

export const layerParamsSchema = analysisRefParamsSchema.extend({ index: layerIndexSchema });

/** An absolute path inside an image; `..` and empty segments are refused rather than resolved. */
export const imagePathSchema = z
  .string()
  .max(4096, "a path is at most 4096 characters")
  .regex(/^\//, "a path starts with /")
  .refine((path) => !path.includes("\0"), "a path cannot contain NUL")
  .refine(
    (path) =>
      path === "/" ||
      !path
        .split("/")
        .slice(1)
        .some((part) => part === "" || part === "." || part === ".."),
    {
      message: "a path has no empty, . or .. segments (e.g. /etc/apt)",
    },
  );

/**
 * dive's CI rules as query parameters (`?lowestEfficiency=0.9&highestWastedBytes=20MB`); any of
 * them adds `ci` to the analysis. Values are read the way dive reads them (`disabled`, sizes like
 * `20MB` / `20MiB`): see lib/layers/analysis/ci-rules.ts.
 */
export const analysisQuerySchema = z.object({
  lowestEfficiency: z.string().max(64).optional(),
  highestWastedBytes: z.string().max(64).optional(),
  highestUserWastedPercent: z.string().max(64).optional(),
});

export const LAYER_FILE_VIEWS = ["layer", "union"] as const;

/** Directory listings are paged: `offset` rows skipped, at most `limit` returned (sorted by path). */
export const layerFilesQuerySchema = z.object({
  path: imagePathSchema.default("/"),
  /** `layer`: what this layer's tar holds; `union`: what a container sees at this layer. */
  view: z.enum(LAYER_FILE_VIEWS).default("layer"),
  offset: z
    .string()
    .regex(/^\d{1,9}$/, "offset is a whole number")
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, "limit is a whole number")
    .transform(Number)
    .refine((limit) => limit >= 1 && limit <= 10_000, "limit is from 1 to 10000")
    .optional(),
});

export const layerFileQuerySchema = z.object({
  path: imagePathSchema.refine((path) => path !== "/", "name a file, not /"),
});

/** `aLayer` / `bLayer` in a compare query: a 0-based layer index; whether the image has it is checked by the query. */
const compareLayerSchema = (name: string) =>
  z
    .string()
    .regex(/^(?:0|[1-9]\d{0,5})$/, `${name} is a layer index: a whole number from 0 (the base layer)`)
    .transform(Number)
    .optional();

/**
 * Two images, or two layers: `aLayer` / `bLayer` compare what a container sees at that layer of
 * the image (the union of its layers up to that one); without them, the image's top layer.
 */
export const compareQuerySchema = z.object({
  a: z.string({ error: "a (an image ID or reference) is required" }).min(1, "a is required").max(512),
  aLayer: compareLayerSchema("aLayer"),
  b: z.string({ error: "b (an image ID or reference) is required" }).min(1, "b is required").max(512),
  bLayer: compareLayerSchema("bLayer"),
});

// Answers

export const ENTRY_TYPES = ["file", "dir", "symlink", "hardlink", "other"] as const;
export const CHANGE_KINDS = ["added", "changed", "deleted"] as const;
export const WASTE_REASONS = ["deleted", "overwritten", "opaque"] as const;
export const ADVICE_RULES = [
  "delete-in-same-step",
  "package-manager-cache",
  "rewritten-in-later-step",
  "copied-then-removed",
  "base-files-hidden",
  "base-image-share",
  "build-tools-in-final-image",
  "many-layers",
] as const;
export const CI_RULES = ["lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent"] as const;

export const layerFileCountsSchema = z.object({ added: z.number(), changed: z.number(), deleted: z.number() });

export const analysedLayerSchema = z.object({
  index: z.number(),
  diffId: z.string(),
  /** Regular files' content bytes this layer stores. */
  size: z.number(),
  /** The history step (0-based, oldest first) that made this layer; null when it cannot be told. */
  stepIndex: z.number().nullable(),
  /** That step as a Dockerfile instruction (`RUN dd if=/dev/zero …`); null when unknown. */
  instruction: z.string().nullable(),
  /** The step's raw `created_by` text, as `docker history --no-trunc` prints it. */
  createdBy: z.string().nullable(),
  files: layerFileCountsSchema,
  /** Bytes this layer stores that no container sees (hidden by this or a later layer). */
  wastedBytes: z.number(),
  /** Bytes of lower (or own) file versions this layer made invisible. */
  hiddenBytes: z.number(),
  /** True for the layers of the base image (index < baseLayers). */
  inBase: z.boolean(),
  /** Uncompressed tar bytes of the layer (headers and padding included). */
  tarBytes: z.number(),
  entryCount: z.number(),
});

export const wasteItemSchema = z.object({
  path: z.string(),
  bytes: z.number(),
  /** Layer index that stored this version. */
  writtenBy: z.number(),
  /** Layer index that made it invisible. */
  hiddenBy: z.number(),
  reason: z.enum(WASTE_REASONS),
  /** Overwritten with the same content: only metadata changed (chmod, chown, touch). */
  sameContent: z.boolean(),
  /** Deleted while the hiding layer wrote the same content elsewhere (a move): the new path. */
  movedTo: z.string().nullable(),
});

export const adviceSchema = z.object({
  rule: z.enum(ADVICE_RULES),
  title: z.string(),
  detail: z.string(),
  layers: z.array(z.number()),
  /** History step indexes (0-based, oldest first): link to the history table. */
  steps: z.array(z.number()),
  /** What following the advice would save (0 when it is about structure). */
  bytes: z.number(),
});

export const ciFailureSchema = z.object({ rule: z.enum(CI_RULES), message: z.string(), actual: z.number(), threshold: z.number() });

export const ciRuleResultSchema = z.object({
  rule: z.enum(CI_RULES),
  status: z.enum(["pass", "fail", "disabled"]),
  actual: z.number(),
  threshold: z.number().nullable(),
  message: z.string(),
});

export const ciEvaluationSchema = z.object({
  pass: z.boolean(),
  failures: z.array(ciFailureSchema),
  /** Every rule with its threshold in force (null: disabled). */
  results: z.array(ciRuleResultSchema),
});

export const layerAnalysisSchema = z.object({
  imageId: z.string(),
  /** visibleBytes / totalBytes: 1 for an image without waste. */
  efficiency: z.number(),
  /** Bytes of every file version no container can see; the visible version is never counted. */
  wastedBytes: z.number(),
  /** The waste caused by layers above the base image. */
  userWastedBytes: z.number(),
  /** userWastedBytes / totalBytes, a fraction 0–1 (as dive's option is). */
  userWastedPercent: z.number(),
  /** Content bytes stored in all layers. */
  totalBytes: z.number(),
  visibleBytes: z.number(),
  /** How many bottom layers belong to the base image. */
  baseLayers: z.number(),
  /** Where `baseLayers` came from: another local image, or the fallback (layer 0 alone). */
  baseImage: z.object({ id: z.string(), repoTags: z.array(z.string()) }).nullable(),
  layers: z.array(analysedLayerSchema),
  /** Biggest first; at most 1,000 items (`wasteCount` and the byte totals count every one). */
  waste: z.array(wasteItemSchema),
  /** Number of wasted file versions in all (may exceed `waste.length`). */
  wasteCount: z.number(),
  advice: z.array(adviceSchema),
  /** Present when CI rules were asked for. */
  ci: ciEvaluationSchema.optional(),
  repoTags: z.array(z.string()),
  /** ISO 8601: when the image was analysed (the analysis of an image ID never changes). */
  analysedAt: z.string(),
});

export const directoryEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  type: z.enum(ENTRY_TYPES),
  size: z.number(),
  mode: z.number(),
  uid: z.number(),
  gid: z.number(),
  linkTarget: z.string().nullable(),
  /** What this layer did to the path; null in the union view when it is unchanged at this layer. */
  change: z.enum(CHANGE_KINDS).nullable(),
});

export const directoryListingSchema = z.object({
  path: z.string(),
  view: z.enum(LAYER_FILE_VIEWS),
  layer: z.number(),
  entries: z.array(directoryEntrySchema),
  /** Rows in the directory in all; `entries` is the page from `offset`. */
  total: z.number(),
  offset: z.number(),
  /** Offset of the next page, null on the last one. */
  nextOffset: z.number().nullable(),
});

export const compareEntrySchema = z.object({
  path: z.string(),
  /** Content bytes in image a (null: not there). */
  sizeA: z.number().nullable(),
  sizeB: z.number().nullable(),
  type: z.enum(ENTRY_TYPES),
});

/** One layer of a compared image, to show which layers can be compared (base first). */
export const compareLayerChoiceSchema = z.object({
  index: z.number(),
  /** The step that made it as a Dockerfile instruction; null when unknown. */
  instruction: z.string().nullable(),
  /** Regular files' content bytes the layer stores. */
  size: z.number(),
});

/** One side of a comparison: the image, and the layer at which its files were taken. */
export const compareSideSchema = z.object({
  imageId: z.string(),
  repoTags: z.array(z.string()),
  /** The layer compared (what a container sees with the layers 0..layer); the top layer unless one was asked for. */
  layer: z.number(),
  /** True when `layer` is the image's top layer: the whole image. */
  top: z.boolean(),
  layers: z.array(compareLayerChoiceSchema),
});

export const imageComparisonSchema = z.object({
  a: compareSideSchema,
  b: compareSideSchema,
  /** In b, not in a. */
  added: z.array(compareEntrySchema),
  /** In a, not in b. */
  removed: z.array(compareEntrySchema),
  /** In both with other content (hash), type or link target. */
  changed: z.array(compareEntrySchema),
});

/**
 * One progress line of an analysis stream (`Accept: application/x-ndjson`). The stream ends with
 * `{"result": <analysis>}`, or `{"error", "code", "status"}` when it fails after it started.
 * `phase` `preparing`: the engine is still assembling the archive (no bytes yet, only time moves);
 * `reading`: `bytesRead` of about `totalBytes` (the image's size; the archive is a little larger,
 * clamp below 1); `computing`: the walk is over, the result is being assembled.
 */
export const analysisProgressLineSchema = z.object({
  type: z.literal("progress"),
  phase: z.enum(["preparing", "reading", "computing", "done"]),
  elapsedMs: z.number(),
  preparingMs: z.number().nullable(),
  bytesRead: z.number(),
  totalBytes: z.number().nullable(),
  layersDone: z.number(),
  layersTotal: z.number().nullable(),
  /** The layer being read: its archive key, bytes read of its blob's bytes. */
  layer: z.object({ key: z.string(), bytesRead: z.number(), blobBytes: z.number() }).nullable(),
  /** Layers already in the store (shared with an analysed image) whose bytes are skipped. */
  layersSkipped: z.number(),
  /** Layers parsed so far, and their blobs' bytes: a shared image parses only its new layers. */
  layersParsed: z.number(),
  parsedBytes: z.number(),
});

/** Any line of the analysis stream. */
export const analysisStreamLineSchema = z.union([
  analysisProgressLineSchema,
  z.object({ result: layerAnalysisSchema }),
  z.object({ error: z.string(), code: z.string(), status: z.number() }),
]);
