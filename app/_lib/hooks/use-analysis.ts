"use client";

import { useState } from "react";
import useSWR, { type SWRConfiguration } from "swr";
import { ApiError, apiKeys, failedAnswer, ndjsonChunks } from "@/app/_lib/api-client";
import type { AnalysisProgressLine, LayerAnalysis } from "@/lib/layers/types";
import { retrySteadily } from "./swr-options";

const NO_ANSWER = "The dashboard server did not answer; check that it is running.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `GET /api/images/{ref}/analysis` with `Accept: application/x-ndjson`: progress lines, then
 * `{"result"}`, or `{"error","code","status"}` when the analysis fails after the stream started
 * (the 200 was sent already). An analysis stored before answers with the result line at once.
 *
 * @example const analysis = await streamAnalysis("sha256:…", { onProgress: setProgress })
 */
export async function streamAnalysis(
  ref: string,
  { onProgress, signal }: { onProgress?: (line: AnalysisProgressLine) => void; signal?: AbortSignal } = {},
): Promise<LayerAnalysis> {
  let response: Response;
  try {
    response = await fetch(apiKeys.imageAnalysis(ref), { headers: { accept: "application/x-ndjson" }, signal, cache: "no-store" });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, NO_ANSWER, {}, { cause });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's HTML error page: the status says enough.
    }
    throw failedAnswer(response.status, body);
  }
  if (!response.body) throw new ApiError(response.status, "The server answered without a progress stream.");
  let last: AnalysisProgressLine | null = null;
  try {
    for await (const lines of ndjsonChunks(response.body)) {
      for (const line of lines) {
        if (!isRecord(line)) continue;
        if ("result" in line) return line.result as LayerAnalysis;
        if (typeof line.error === "string") throw failedAnswer(typeof line.status === "number" ? line.status : 500, line);
        if (line.type === "progress") last = line as AnalysisProgressLine;
      }
      // One update per network chunk, not per line.
      if (last) onProgress?.(last);
    }
  } catch (error) {
    if (error instanceof ApiError || signal?.aborted) throw error;
    throw new ApiError(
      0,
      "The connection broke before the analysis finished; it goes on on the server, so reload to pick it up.",
      {},
      {
        cause: error,
      },
    );
  }
  throw new ApiError(0, "The analysis stream ended without a result.");
}

/**
 * The layer analysis of one image (`GET /api/images/{ref}/analysis`), with the progress of the
 * first run. Pass the image ID, not a tag: an image never changes, so the answer is fetched once
 * and never polled, while a tag can move to another image. A null `ref` fetches nothing (a big
 * image waits for the user to ask).
 *
 * Not useOperation: this is a read that SWR caches across pages (back to the image shows it at
 * once), and its progress lines are the analysis' own, not the engine's pull/push messages.
 *
 * @example const { data, progress, error } = useAnalysis(summary.id)
 */
export function useAnalysis(ref: string | null, config?: SWRConfiguration<LayerAnalysis, ApiError>) {
  const [progress, setProgress] = useState<AnalysisProgressLine | null>(null);
  const key = ref === null ? null : apiKeys.imageAnalysis(ref);
  const swr = useSWR<LayerAnalysis, ApiError>(
    key,
    () => {
      setProgress(null);
      return streamAnalysis(ref!, { onProgress: setProgress });
    },
    {
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      onErrorRetry: retrySteadily,
      ...config,
    },
  );
  return { ...swr, progress: swr.data ? null : progress };
}
