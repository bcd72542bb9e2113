"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { VolumeDetail, VolumeList } from "@/lib/volumes/types";
import { retrySteadily } from "./swr-options";

// Each answer costs the engine a `docker system df` (it walks every volume's files for the sizes),
// so volumes poll three times slower than the other engine lists.
const VOLUMES_POLLED = { refreshInterval: 15_000, onErrorRetry: retrySteadily } satisfies SWRConfiguration;

/** Every volume with its size where known and the containers that use it. */
export function useVolumes(config?: SWRConfiguration<VolumeList, ApiError>) {
  return useSWR<VolumeList, ApiError>(apiKeys.volumes(), () => api.volumes.list(), { ...VOLUMES_POLLED, ...config });
}

/** One volume (`docker volume inspect`) with its users. */
export function useVolume(name: string, config?: SWRConfiguration<VolumeDetail, ApiError>) {
  return useSWR<VolumeDetail, ApiError>(apiKeys.volume(name), () => api.volumes.get(name), { ...VOLUMES_POLLED, ...config });
}
