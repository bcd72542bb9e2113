import "server-only";
import type { PlannerBuildCacheRecord, SystemDfStatus } from "@/lib/cleanup/types";
import { currentEngine } from "@/lib/docker/client";
import { followEngineEvents } from "@/lib/docker/events";
import { systemDfOnEngine, type EngineSystemDf } from "@/lib/docker/system";

/** A finished `docker system df` older than this is computed again (in the background) when asked. */
const STALE_AFTER_MS = 5 * 60_000;

/**
 * After the engine announced a change, the next `docker system df` waits until the last one is
 * this old: the engine walks its whole storage for it, and a busy engine sends events all the time.
 */
export const CHANGED_REFRESH_AFTER_MS = 10_000;

/** Engine events that change what `docker system df` says (image, container and volume sizes). */
const EVENTS_THAT_CHANGE_DF = new Set(["image", "container", "volume"]);

type DfState = {
  running: Promise<void> | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  result: SystemDfStatus["result"];
  volumeSizes: Map<string, number> | null;
  buildCacheRecords: PlannerBuildCacheRecord[] | null;
  /** Set when something changed what the last result says: the next refresh runs at once. */
  expired?: boolean;
  /**
   * Set when the engine announced a change (from the CLI, another dashboard instance, anything):
   * the next refresh runs once the last result is CHANGED_REFRESH_AFTER_MS old.
   */
  changed?: boolean;
};

// Module-level (and kept across hot reloads): one computation at a time per engine, by engine id
// (the request's engine, lib/docker/client): one engine's sizes never answer for another's.
const globalState = globalThis as unknown as { dashboardSystemDfs?: Map<string, DfState> };
const states: Map<string, DfState> = (globalState.dashboardSystemDfs ??= new Map());

function engineDfState(): DfState {
  const id = currentEngine().id;
  let state = states.get(id);
  if (!state) {
    const made: DfState = {
      running: null,
      startedAt: null,
      finishedAt: null,
      error: null,
      result: null,
      volumeSizes: null,
      buildCacheRecords: null,
    };
    // The engine's one shared event stream (lib/docker/events), followed for as long as the
    // process lives: what was removed or added since the last result, by whoever, is seen.
    let connectedBefore = false;
    followEngineEvents({
      onMessage: (message) => {
        if (EVENTS_THAT_CHANGE_DF.has(message.Type ?? "")) made.changed = true;
      },
      // Whatever happened while the stream was down (not on its first opening) is not covered by it.
      onState: (stream) => {
        if (stream.up && connectedBefore) made.changed = true;
        if (stream.up) connectedBefore = true;
      },
    });
    states.set(id, made);
    state = made;
  }
  return state;
}

const sum = (values: readonly (number | undefined)[]) => values.reduce<number>((total, value) => total + Math.max(0, value ?? 0), 0);

function summarize(df: EngineSystemDf): {
  result: NonNullable<SystemDfStatus["result"]>;
  volumeSizes: Map<string, number>;
  buildCacheRecords: PlannerBuildCacheRecord[];
} {
  const volumeSizes = new Map<string, number>();
  // The engine reports -1 for a volume it cannot measure (a non-local driver).
  for (const volume of df.Volumes ?? []) if ((volume.UsageData?.Size ?? -1) >= 0) volumeSizes.set(volume.Name, volume.UsageData!.Size!);
  const cache = df.BuildCache ?? [];
  return {
    result: {
      layersBytes: df.LayersSize ?? 0,
      imagesBytes: sum((df.Images ?? []).map((image) => image.Size)),
      containersWritableBytes: sum((df.Containers ?? []).map((container) => container.SizeRw)),
      volumesBytes: sum([...volumeSizes.values()]),
      buildCacheBytes: sum(cache.map((record) => record.Size)),
      buildCacheReclaimableBytes: sum(cache.filter((record) => !record.InUse && !record.Shared).map((record) => record.Size)),
    },
    volumeSizes,
    buildCacheRecords: cache.map((record) => ({
      id: record.ID,
      type: record.Type ?? "",
      description: record.Description ?? "",
      size: Math.max(0, record.Size ?? 0),
      inUse: record.InUse === true,
      shared: record.Shared === true,
    })),
  };
}

/**
 * Starts `docker system df` in the background unless one is running or a recent one is ready (5
 * minutes old at most, 10 seconds once the engine announced a change); never waits for it.
 * Callers read `systemDfStatus()` for where it is.
 */
export function refreshSystemDf(now = Date.now()): void {
  const state = engineDfState();
  if (state.running) return;
  if (!state.expired && state.finishedAt && state.result) {
    const age = now - state.finishedAt.getTime();
    if (age < (state.changed ? CHANGED_REFRESH_AFTER_MS : STALE_AFTER_MS)) return;
  }
  state.expired = false;
  state.changed = false;
  state.startedAt = new Date(now);
  state.running = systemDfOnEngine()
    .then((df) => {
      const { result, volumeSizes, buildCacheRecords } = summarize(df);
      state.result = result;
      state.volumeSizes = volumeSizes;
      state.buildCacheRecords = buildCacheRecords;
      state.error = null;
    })
    .catch((error: unknown) => {
      state.error = error instanceof Error ? error.message : String(error);
    })
    .finally(() => {
      state.finishedAt = new Date();
      state.running = null;
    });
}

/**
 * Marks the last result stale, so the next refresh runs at once: after a clean-up run or a build
 * (volumes, build cache and layer sizes changed). The result stays readable until the new one.
 */
export function expireSystemDf(): void {
  // The engine the clean-up or build ran on (the request's).
  engineDfState().expired = true;
}

/** Where the background `system df` is, with its last result. */
export function systemDfStatus(): SystemDfStatus & {
  volumeSizes: ReadonlyMap<string, number> | null;
  buildCacheRecords: readonly PlannerBuildCacheRecord[] | null;
} {
  const state = engineDfState();
  return {
    state: state.running ? "computing" : state.result ? "ready" : "idle",
    startedAt: state.startedAt?.toISOString() ?? null,
    finishedAt: state.finishedAt?.toISOString() ?? null,
    durationMs: state.startedAt && state.finishedAt && !state.running ? state.finishedAt.getTime() - state.startedAt.getTime() : null,
    error: state.error,
    result: state.result,
    volumeSizes: state.volumeSizes,
    buildCacheRecords: state.buildCacheRecords,
  };
}

/** Waits for a running computation (tests only: requests never wait). */
export async function settledSystemDf(): Promise<void> {
  await engineDfState().running;
}
