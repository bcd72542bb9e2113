import "server-only";
import pLimit from "p-limit";
import { inspectImage, type EngineImageInspect } from "@/lib/docker/images";
import { saveImageFromEngine } from "@/lib/docker/transfer";
import { BadRequestError } from "@/lib/errors";
import { runAnalysis, type AnalysisRunReport } from "@/lib/layers/analysis-run";
import { CI_RULE_KEYS, evaluateCiRules, resolveCiRules, type CiRules, type CiRuleValues } from "@/lib/layers/analysis/ci-rules";
import { isPackageCachePath } from "@/lib/layers/analysis/advice";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { findBaseImage, rebaseAnalysis } from "@/lib/layers/base-image";
import { listBaseCandidates } from "@/lib/layers/local-images";
import { layerAnalysisSchema } from "@/lib/layers/schemas";
import { getLayerStore } from "@/lib/layers/store";
import type { AnalysisProgressLine, AnalysisQuery, LayerAnalysis } from "@/lib/layers/types";
import { looksLikeImageId, parseReference } from "@/lib/reference/reference";

// The analysis of an image: computed on the first request, then answered from the store. It reads
// the image (docker save) but changes nothing on the engine, so it is not an audited action; it
// lives here because it writes the store.

/**
 * Checks an `{ref}` from a URL: an image ID (full or short) or a reference in Docker's grammar.
 *
 * @example validateImageRef("seed/fat:1") // "seed/fat:1"
 */
export function validateImageRef(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === "") throw new BadRequestError("reference", "An image ID or reference is required.");
  if (looksLikeImageId(trimmed)) return trimmed;
  parseReference(trimmed);
  return trimmed;
}

/** Inspects a validated ref: an unknown image is a 404 naming it. */
export async function resolveImage(ref: string): Promise<EngineImageInspect> {
  return inspectImage(validateImageRef(ref));
}

/**
 * The CI rules a query asks for, or null when it names none. Values are checked before any work
 * starts, so a bad one is a 400.
 *
 * @example rulesOf({ lowestEfficiency: "0.95" }) // { lowestEfficiency: 0.95, highestWastedBytes: null, highestUserWastedPercent: 0.1 }
 */
export function rulesOf(query: AnalysisQuery | undefined): CiRules | null {
  const overrides: CiRuleValues = {};
  for (const key of CI_RULE_KEYS) if (query?.[key] !== undefined) overrides[key] = query[key];
  return Object.keys(overrides).length === 0 ? null : resolveCiRules({ overrides });
}

/** Totals over this process's analysis runs (tests and the benchmark read them). */
export const analysisCounters = { runs: 0, layersParsed: 0, layersSkipped: 0, parsedBytes: 0 };

type Run = {
  promise: Promise<AnalysisRunReport>;
  listeners: Set<(line: AnalysisProgressLine) => void>;
  last: AnalysisProgressLine | null;
};

const runs = new Map<string, Run>();
// Each run streams a whole image from the engine and hashes it: two at a time keep the CPU for requests.
const runLimit = pLimit(2);

function startRun(image: EngineImageInspect): Run {
  const run: Run = { promise: Promise.resolve(null as unknown as AnalysisRunReport), listeners: new Set(), last: null };
  const diffIds = image.RootFS?.Layers ?? [];
  run.promise = runLimit(async () => {
    const others = await listBaseCandidates({ excludeId: image.Id, size: image.Size });
    const report = await runAnalysis({
      store: getLayerStore(),
      source: {
        imageId: image.Id,
        diffIds,
        repoTags: image.RepoTags ?? [],
        size: image.Size,
        open: () => saveImageFromEngine(image.Id),
      },
      base: findBaseImage({ diffIds, others }),
      onProgress: (line) => {
        run.last = line;
        for (const listener of run.listeners) listener(line);
      },
    });
    analysisCounters.runs += 1;
    for (const layer of report.layers) {
      if (layer.status === "parsed") analysisCounters.layersParsed += 1;
      if (layer.status === "skipped") analysisCounters.layersSkipped += 1;
    }
    analysisCounters.parsedBytes += report.parsedBytes;
    return report;
  });
  runs.set(image.Id, run);
  run.promise.then(
    () => runs.delete(image.Id),
    () => runs.delete(image.Id),
  );
  return run;
}

async function storedAnalysis(imageId: string): Promise<LayerAnalysis | null> {
  const json = await getLayerStore().getAnalysis(imageId);
  if (json === null) return null;
  // An analysis stored by an older version of this code is computed again rather than half-read.
  const parsed = layerAnalysisSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

/** A layer's regular files under package-manager cache paths, read from the store. */
async function cacheFilesOf(analysis: LayerAnalysis, layer: number): Promise<LayerEntry[]> {
  const store = getLayerStore();
  const stored = await store.storedLayer(analysis.layers[layer]!.diffId);
  const files: LayerEntry[] = [];
  if (!stored) return files;
  for await (const page of store.readLayer(stored.id)) {
    for (const entry of page) if (entry.type === "file" && entry.size > 0 && isPackageCachePath(entry.path)) files.push(entry);
  }
  return files;
}

/**
 * The stored analysis with what can change since: the image's tags, its base image (the local
 * images now, not when it was analysed: see rebaseAnalysis), and the CI verdict asked for.
 */
async function finish(analysis: LayerAnalysis, image: EngineImageInspect, rules: CiRules | null): Promise<LayerAnalysis> {
  const { ci: _ci, ...rest } = analysis;
  const diffIds = image.RootFS?.Layers ?? [];
  const others = await listBaseCandidates({ excludeId: image.Id, size: image.Size });
  const base = findBaseImage({ diffIds, others });
  // rebaseAnalysis reads the cache files of the layers that left the base only: read those first.
  const cacheFiles = new Map<number, LayerEntry[]>();
  for (let layer = Math.max(0, base.layers); layer < Math.min(analysis.baseLayers, analysis.layers.length); layer++) {
    cacheFiles.set(layer, await cacheFilesOf(analysis, layer));
  }
  const rebased = rebaseAnalysis({
    analysis: rest,
    base,
    readCacheFiles: (layer) => cacheFiles.get(layer) ?? [],
  });
  const result: LayerAnalysis = { ...rebased, repoTags: (image.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>") };
  if (rules) result.ci = evaluateCiRules(result, rules);
  return result;
}

/**
 * The layer analysis of an image: from the store when it has been analysed before (also by
 * another process), else computed now; concurrent calls for the same image share one run.
 *
 * @example const analysis = await analyseImage({ ref: "seed/fat:1", query: { lowestEfficiency: "0.9" } });
 */
export async function analyseImage({
  ref,
  query,
  onProgress,
}: {
  ref: string;
  query?: AnalysisQuery;
  onProgress?: (line: AnalysisProgressLine) => void;
}): Promise<LayerAnalysis> {
  const operation = analyseImageOperation({ ref, query });
  for (;;) {
    const next = await operation.next();
    if (next.done) return next.value;
    onProgress?.(next.value);
  }
}

/**
 * The analysis as an operation: progress lines while it is computed (none when it is stored),
 * then the analysis as the generator's return value (what `operationResponse` streams as
 * `{"result": …}`). Validation and the engine's 404 happen at the first step, before any line.
 * A caller that stops reading leaves the run going for the others (and for the store).
 */
export async function* analyseImageOperation({
  ref,
  query,
}: {
  ref: string;
  query?: AnalysisQuery;
}): AsyncGenerator<AnalysisProgressLine, LayerAnalysis, undefined> {
  const rules = rulesOf(query);
  const image = await resolveImage(ref);
  const stored = await storedAnalysis(image.Id);
  if (stored) return await finish(stored, image, rules);

  const run = runs.get(image.Id) ?? startRun(image);
  let latest: AnalysisProgressLine | null = run.last;
  let wake: (() => void) | null = null;
  let outcome: { report: AnalysisRunReport } | { error: unknown } | null = null;
  const listener = (line: AnalysisProgressLine) => {
    latest = line;
    wake?.();
  };
  run.listeners.add(listener);
  run.promise.then(
    (report) => {
      outcome = { report };
      wake?.();
    },
    (error: unknown) => {
      outcome = { error };
      wake?.();
    },
  );
  try {
    for (;;) {
      if (latest) {
        // Only the newest line matters to a reader who fell behind.
        const line: AnalysisProgressLine = latest;
        latest = null;
        yield line;
        continue;
      }
      if (outcome) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    run.listeners.delete(listener);
  }
  const settled = outcome as { report: AnalysisRunReport } | { error: unknown };
  if ("error" in settled) throw settled.error;
  return await finish(settled.report.analysis, image, rules);
}
