"use client";

import { useEffect, useState } from "react";
import useSWR from "swr";
import { api, apiKeys, errorMessage, isAbort, type ApiError } from "@/app/_lib/api-client";
import type { ContainerStats } from "@/lib/containers/types";

/** Samples kept for the sparklines: about the last minute at one a second. */
export const STATS_HISTORY = 60;

export type ContainerStatsState = {
  /** The newest sample, null until one arrived. */
  latest: ContainerStats | null;
  /** Oldest first; with `live`, up to STATS_HISTORY of them. */
  samples: ContainerStats[];
  /** "waiting" for the first sample, "live"/"polled" while samples come, "ended" when the container stopped, "failed" on an error. */
  status: "off" | "waiting" | "live" | "polled" | "ended" | "failed";
  error: string | null;
};

const OFF: ContainerStatsState = { latest: null, samples: [], status: "off", error: null };

/**
 * A running container's `docker stats`. With `live`, one streamed request (the engine's stats
 * stream, a sample a second) for as long as the component is mounted; without, one sample every
 * `refreshInterval` ms (each takes the engine 1–2 s). `id` null (e.g. a stopped container) asks
 * nothing. Browsers allow six connections per host over HTTP/1.1 and each live stream holds one,
 * so a list with many rows should poll rather than stream.
 *
 * @example const { latest, samples } = useContainerStats(detail.state.running ? detail.id : null, { live: true })
 */
export function useContainerStats(
  id: string | null,
  { live = false, refreshInterval = 5000 }: { live?: boolean; refreshInterval?: number } = {},
): ContainerStatsState {
  const polled = useSWR<ContainerStats, ApiError>(
    id && !live ? apiKeys.containerStats(id) : null,
    () => api.containers.stats(id!),
    // A 409 (it stopped) is an answer, not a hiccup: the next poll asks again anyway.
    { refreshInterval, shouldRetryOnError: false, revalidateOnFocus: false },
  );
  const [stream, setStream] = useState<{ key: string; state: ContainerStatsState } | null>(null);

  useEffect(() => {
    if (!id || !live) return;
    const key = id;
    const controller = new AbortController();
    const update = (change: (state: ContainerStatsState) => ContainerStatsState) =>
      setStream((current) => ({ key, state: change(current?.key === key ? current.state : { ...OFF, status: "waiting" }) }));
    api.containers
      .followStats(id, {
        signal: controller.signal,
        onSample: (sample) =>
          update((state) => ({ ...state, latest: sample, samples: [...state.samples, sample].slice(-STATS_HISTORY), status: "live" })),
      })
      .then(
        () => update((state) => ({ ...state, status: "ended" })),
        (error: unknown) => {
          if (!isAbort(error)) update((state) => ({ ...state, status: "failed", error: errorMessage(error) }));
        },
      );
    return () => controller.abort();
  }, [id, live]);

  if (!id) return OFF;
  if (live) return stream?.key === id ? stream.state : { ...OFF, status: "waiting" };
  if (polled.error)
    return { latest: polled.data ?? null, samples: polled.data ? [polled.data] : [], status: "failed", error: errorMessage(polled.error) };
  return polled.data ? { latest: polled.data, samples: [polled.data], status: "polled", error: null } : { ...OFF, status: "waiting" };
}
