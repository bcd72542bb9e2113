"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { CleanupPlan } from "@/lib/cleanup/types";

/**
 * A stored clean-up plan (`GET /api/cleanup/plans/{id}`); a null `id` fetches nothing. A plan never
 * changes once made, so it is read once and not polled.
 *
 * @example const { data: plan } = useCleanupPlan(planId)
 */
export function useCleanupPlan(id: string | null, config?: SWRConfiguration<CleanupPlan, ApiError>) {
  return useSWR<CleanupPlan, ApiError>(id === null ? null : apiKeys.cleanupPlan(id), () => api.cleanup.getPlan(id!), {
    revalidateOnFocus: false,
    revalidateIfStale: false,
    ...config,
  });
}
