"use client";

import { useState } from "react";
import { api, isApiError, type BuildContextInput, type BuildQueryInput } from "@/app/_lib/api-client";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import type { BuildResult } from "@/lib/builds/types";
import {
  applyBuildEvents,
  buildFailureOf,
  emptyBuild,
  stepsOfCancelled,
  stepsOfFailure,
  stepsOfResult,
  type LiveBuild,
} from "../_lib/build-steps";
import type { BuildRunView } from "./build-run";

/** What a run starts from: a new build's context and options, or a stored build to repeat. */
export type BuildRequest =
  { kind: "build"; input: BuildContextInput; query: BuildQueryInput; uploadName: string | null } | { kind: "rebuild"; id: string };

/**
 * A build as it runs on the page (a new one or a rebuild): its live steps from the stream, its
 * upload, and Cancel, which asks the server to stop the build by its ID (reaching whichever server
 * process holds it) and, before the ID is known, closes the request.
 */
export function useBuildRun() {
  const [live, setLive] = useState<LiveBuild>(emptyBuild);
  const [startedAt, setStartedAt] = useState(0);
  const [uploadName, setUploadName] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const operation = useOperation(
    (context, request: BuildRequest): Promise<BuildResult> => {
      setLive(emptyBuild);
      setCancelled(false);
      setCancelling(false);
      setStartedAt(Date.now());
      setUploadName(request.kind === "build" ? request.uploadName : null);
      const options = {
        ...context,
        onEvents: (events: Parameters<typeof applyBuildEvents>[1]) => setLive((current) => applyBuildEvents(current, events)),
      };
      return request.kind === "build" ? api.builds.run(request.input, request.query, options) : api.builds.rebuild(request.id, options);
    },
    {
      invalidates: ["images", "audit", "builds"],
      whenHidden: {
        done: (result) => `Built ${result.tags[0] ?? result.imageId.slice(7, 19)}`,
        failed: (message) => `Build failed: ${message}`,
      },
    },
  );

  const cancel = async () => {
    setCancelling(true);
    if (!live.id) {
      setCancelled(true);
      operation.abort();
      return;
    }
    try {
      await api.builds.cancel(live.id);
    } catch {
      // Not running any more (it just ended) or the server is gone: closing the request is the fallback.
      setCancelled(true);
      operation.abort();
    }
  };

  // A build stopped through the cancel route ends its own stream with a 409 conflict:build.
  const stoppedByCancel = operation.phase === "failed" && isApiError(operation.failure) && operation.failure.code === "conflict:build";
  const failure = isApiError(operation.failure) ? buildFailureOf(operation.failure.body) : null;
  const phase: BuildRunView["phase"] | null =
    operation.phase === "idle" ? (cancelled ? "cancelled" : null) : stoppedByCancel ? "cancelled" : operation.phase;
  const run: BuildRunView | null =
    phase === null
      ? null
      : {
          phase,
          id: live.id ?? operation.result?.id ?? null,
          startedAt,
          live,
          steps:
            phase === "done" && operation.result
              ? stepsOfResult(operation.result)
              : phase === "failed" && failure
                ? stepsOfFailure(live, failure)
                : phase === "cancelled"
                  ? stepsOfCancelled(live)
                  : live.steps,
          result: operation.result,
          error: phase === "cancelled" ? null : operation.error,
          lastImageId: failure?.lastImageId ?? null,
          upload: operation.upload,
          uploadName,
          cancelling,
        };
  return { run, running: operation.running, start: operation.start, cancel };
}
