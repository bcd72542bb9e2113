"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { ImageComparison } from "@/lib/layers/types";
import { retrySteadily } from "./swr-options";

/**
 * The files added, removed and changed from image `a` to image `b` (`GET /api/images/compare`).
 * Not polled: pass image IDs and the answer never changes. Null for either fetches nothing.
 *
 * @example const { data } = useImageComparison("sha256:…", "sha256:…")
 */
export function useImageComparison(a: string | null, b: string | null, config?: SWRConfiguration<ImageComparison, ApiError>) {
  return useSWR<ImageComparison, ApiError>(a && b ? apiKeys.imageComparison(a, b) : null, () => api.layers.compare(a!, b!), {
    revalidateIfStale: false,
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    onErrorRetry: retrySteadily,
    ...config,
  });
}
