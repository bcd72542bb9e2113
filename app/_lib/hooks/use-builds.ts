"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError, type BuildListQueryInput } from "@/app/_lib/api-client";
import type { BuildDetail, BuildPage } from "@/lib/builds/types";
import { POLLED, retrySteadily } from "./swr-options";

/** The build history, newest first (a build started elsewhere shows up within 5 s). */
export function useBuilds(query: BuildListQueryInput = {}, config?: SWRConfiguration<BuildPage, ApiError>) {
  return useSWR<BuildPage, ApiError>(apiKeys.builds(query), () => api.builds.list(query), { ...POLLED, ...config });
}

/** One stored build with its steps and log; polled every 2 s while it runs, not after. */
export function useBuild(id: string, config?: SWRConfiguration<BuildDetail, ApiError>) {
  return useSWR<BuildDetail, ApiError>(apiKeys.build(id), () => api.builds.get(id), {
    refreshInterval: (build) => (build?.outcome === "running" ? 2000 : 0),
    onErrorRetry: retrySteadily,
    ...config,
  });
}
