"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { CleanupPolicyList } from "@/lib/cleanup/types";
import { retrySteadily } from "./swr-options";

/**
 * The saved clean-up policies (admin), with each one's next scheduled time, whether a run holds it
 * now and how its last run went. Asked every 10 s: a scheduled run starts and ends on its own.
 */
export function useCleanupPolicies(config?: SWRConfiguration<CleanupPolicyList, ApiError>) {
  return useSWR<CleanupPolicyList, ApiError>(apiKeys.cleanupPolicies(), () => api.cleanup.listPolicies(), {
    refreshInterval: 10_000,
    onErrorRetry: retrySteadily,
    ...config,
  });
}
