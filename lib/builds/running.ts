import "server-only";
import { getDb } from "@/lib/db";

/** How often a running build looks for a cancel requested through another server process. */
export const CANCEL_POLL_MS = 1000;

type RunningBuild = { controller: AbortController; cancelledBy: string | null };

// On globalThis, not in a module variable: the bundler may give each route bundle its own copy of
// this module, and the cancel route must find the build that the build route started.
const globalForBuilds = globalThis as unknown as { dashboardRunningBuilds?: Map<string, RunningBuild> };
function runningBuilds(): Map<string, RunningBuild> {
  globalForBuilds.dashboardRunningBuilds ??= new Map();
  return globalForBuilds.dashboardRunningBuilds;
}

/** A build this process holds: its cancel signal, who cancelled it, and `release()` once it has ended. */
export type BuildTracker = { signal: AbortSignal; cancelledBy: () => string | null; release: () => void };

/**
 * Registers a build that this process runs, so that a cancel reaches it: directly when the cancel
 * request lands in this process, or through the row's `cancelRequestedAt` (polled every
 * CANCEL_POLL_MS) when several server processes share the database and it lands in another.
 * Aborting the signal closes the engine request, which is what stops a classic build.
 */
export function trackBuild(id: string): BuildTracker {
  const entry: RunningBuild = { controller: new AbortController(), cancelledBy: null };
  runningBuilds().set(id, entry);
  const poll = setInterval(() => {
    getDb()
      .build.findUnique({ where: { id }, select: { cancelRequestedAt: true, cancelledBy: true } })
      .then((row) => {
        if (row?.cancelRequestedAt && !entry.controller.signal.aborted) {
          entry.cancelledBy = row.cancelledBy;
          entry.controller.abort();
        }
      })
      .catch(() => undefined);
  }, CANCEL_POLL_MS);
  poll.unref();
  return {
    signal: entry.controller.signal,
    cancelledBy: () => entry.cancelledBy,
    release: () => {
      clearInterval(poll);
      runningBuilds().delete(id);
    },
  };
}

/** Stops a build this process holds; false when it holds no build with this ID. */
export function cancelTrackedBuild(id: string, by: string): boolean {
  const entry = runningBuilds().get(id);
  if (!entry) return false;
  if (!entry.controller.signal.aborted) {
    entry.cancelledBy = by;
    entry.controller.abort();
  }
  return true;
}
