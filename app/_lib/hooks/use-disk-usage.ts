"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { DiskUsage } from "@/lib/cleanup/types";
import { retrySteadily } from "./swr-options";

/**
 * Where the disk goes (`GET /api/disk-usage`). The answer itself is quick (list endpoints); the
 * background `docker system df` it reports on can take minutes, so while that is computing the page
 * asks every 3 s to show its result as soon as it is ready, and every 15 s otherwise (each answer
 * lists the containers with their sizes, which walks their writable layers).
 *
 * @example const { data } = useDiskUsage(); data?.systemDf.state // "computing"
 */
export function useDiskUsage(config?: SWRConfiguration<DiskUsage, ApiError>) {
  return useSWR<DiskUsage, ApiError>(apiKeys.diskUsage(), () => api.cleanup.diskUsage(), {
    refreshInterval: (latest) => (latest?.systemDf.state === "computing" ? 3000 : 15_000),
    onErrorRetry: retrySteadily,
    ...config,
  });
}
