"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError, type ComparisonRequest } from "@/app/_lib/api-client";
import type { ImageComparison } from "@/lib/layers/types";
import { retrySteadily } from "./swr-options";

/**
 * The files added, removed and changed from image `a` to image `b` (`GET /api/images/compare`),
 * each at a layer when `aLayer` / `bLayer` say (else its top layer). Not polled: pass image IDs
 * and the answer never changes. Null fetches nothing.
 *
 * @example const { data } = useImageComparison({ a: "sha256:…", aLayer: 2, b: "sha256:…", bLayer: 3 })
 */
export function useImageComparison(request: ComparisonRequest | null, config?: SWRConfiguration<ImageComparison, ApiError>) {
  return useSWR<ImageComparison, ApiError>(request ? apiKeys.imageComparison(request) : null, () => api.layers.compare(request!), {
    revalidateIfStale: false,
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    onErrorRetry: retrySteadily,
    ...config,
  });
}
