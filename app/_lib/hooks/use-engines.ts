"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError, type EngineList } from "@/app/_lib/api-client";
import { retrySteadily } from "./swr-options";

/** How often the engines page asks every engine again: each answer is a fresh ping of each one. */
export const ENGINES_POLL_MS = 15_000;

/**
 * Every engine with its state (`GET /api/engines`); `enabled: false` fetches nothing (the header's
 * switcher asks only when it is opened, since the answer pings every engine).
 *
 * @example const { data } = useEngines({ enabled: open })
 */
export function useEngines({ enabled = true, ...config }: SWRConfiguration<EngineList, ApiError> & { enabled?: boolean } = {}) {
  return useSWR<EngineList, ApiError>(enabled ? apiKeys.engines() : null, () => api.engines.list(), {
    onErrorRetry: retrySteadily,
    ...config,
  });
}
