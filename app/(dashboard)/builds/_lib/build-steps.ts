import type { BuildEvent, BuildFailure, BuildResult, CacheMiss, StoredBuildStep } from "@/lib/builds/types";

/** A step as the page shows it while the build runs and after it. */
export type LiveStep = {
  index: number;
  instruction: string;
  /** null while the engine has not said yet. */
  cached: boolean | null;
  imageId: string | null;
  durationMs: number | null;
  /** Why the step was rebuilt, where the build's history can tell; null for a hit, a FROM, or unknown. */
  cacheMiss: CacheMiss | null;
  output: string[];
  /** "stopped": the build was cancelled while the step ran. */
  state: "running" | "done" | "failed" | "stopped";
};

/**
 * What the page knows of a build: its stored ID (for cancel and its history page), its steps so
 * far, the lines printed outside any step, the step count.
 */
export type LiveBuild = { id: string | null; steps: LiveStep[]; preamble: string[]; total: number | null };

export const emptyBuild: LiveBuild = { id: null, steps: [], preamble: [], total: null };

/** A step keeps at most this many output lines in the page (the server caps its own copy too). */
const MAX_LINES = 500;

function withLine(lines: string[], line: string): string[] {
  const next = [...lines, line];
  return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
}

/**
 * Folds the build stream's events into the page's steps: a `step` opens one (the one before it is
 * done), `output` adds a line to its step (or before the first), `step-done` fills in cache, image
 * and duration.
 *
 * @example applyBuildEvents(emptyBuild, [{ type: "step", index: 0, instruction: "FROM local/busybox:1", total: 2 }]).steps[0].state // "running"
 */
export function applyBuildEvents(build: LiveBuild, events: readonly BuildEvent[]): LiveBuild {
  let { id, steps, preamble, total } = build;
  for (const event of events) {
    if (event.type === "build") {
      id = event.id;
    } else if (event.type === "step") {
      total = event.total;
      steps = [
        ...steps.map((step) => (step.state === "running" ? { ...step, state: "done" as const } : step)),
        {
          index: event.index,
          instruction: event.instruction,
          cached: null,
          imageId: null,
          durationMs: null,
          cacheMiss: null,
          output: [],
          state: "running",
        },
      ];
    } else if (event.type === "output") {
      const at = event.index === null ? -1 : steps.findIndex((step) => step.index === event.index);
      if (at === -1) preamble = withLine(preamble, event.line);
      else steps = steps.map((step, i) => (i === at ? { ...step, output: withLine(step.output, event.line) } : step));
    } else if (event.type === "step-done") {
      const done = event.step;
      steps = steps.map((step) =>
        step.index === done.index
          ? {
              ...step,
              cached: done.cached,
              imageId: done.imageId,
              durationMs: done.durationMs,
              cacheMiss: done.cacheMiss,
              state: "done" as const,
            }
          : step,
      );
    }
  }
  return { id, steps, preamble, total };
}

/** The finished build's steps, from its result (which carries each step's whole output). */
export function stepsOfResult(result: BuildResult): LiveStep[] {
  return result.steps.map((step) => ({ ...step, state: "done" }));
}

/**
 * The steps of a failed build: the failing step marked (its output completed from the log's tail
 * when the stream missed it), every step before it done.
 */
export function stepsOfFailure(build: LiveBuild, failure: Pick<BuildFailure, "step" | "logTail">): LiveStep[] {
  const failedIndex = failure.step?.index ?? null;
  const steps = build.steps.map((step) => (step.state === "running" ? { ...step, state: "done" as const } : step));
  if (failedIndex === null) return steps;
  const known = steps.some((step) => step.index === failedIndex);
  const failed: LiveStep = known
    ? { ...steps.find((step) => step.index === failedIndex)!, state: "failed", imageId: null }
    : {
        index: failedIndex,
        instruction: failure.step?.instruction ?? "",
        cached: false,
        imageId: null,
        durationMs: null,
        cacheMiss: null,
        output: failure.logTail,
        state: "failed",
      };
  if (failed.output.length === 0) failed.output = failure.logTail;
  return [...steps.filter((step) => step.index !== failedIndex), failed].sort((a, b) => a.index - b.index);
}

/** The 422's fields from a failed build's error body, or null when the failure was not a failing step. */
export function buildFailureOf(body: Record<string, unknown>): Pick<BuildFailure, "step" | "lastImageId" | "logTail"> | null {
  if (body.code !== "unprocessable:build") return null;
  const step = body.step as BuildFailure["step"] | undefined;
  return {
    step: step ?? null,
    lastImageId: typeof body.lastImageId === "string" ? body.lastImageId : null,
    logTail: Array.isArray(body.logTail) ? (body.logTail as string[]) : [],
  };
}

/** The steps of a cancelled build: the one that was running is marked stopped. */
export function stepsOfCancelled(build: LiveBuild): LiveStep[] {
  return build.steps.map((step) => (step.state === "running" ? { ...step, state: "stopped" } : step));
}

/** A stored build's steps (GET /api/builds/{id}: no output per step; the log has it). */
export function stepsOfStored(steps: readonly StoredBuildStep[], failedIndex: number | null): LiveStep[] {
  return steps.map((step) => ({ ...step, output: [], state: step.index === failedIndex && step.imageId === null ? "failed" : "done" }));
}
