"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { ApiTokenList } from "@/lib/auth/types";
import { retrySteadily } from "./swr-options";

/** Every API token, revoked ones included (admins only); never a secret. */
export function useTokens(config?: SWRConfiguration<ApiTokenList, ApiError>) {
  return useSWR<ApiTokenList, ApiError>(apiKeys.tokens(), () => api.tokens.list(), { onErrorRetry: retrySteadily, ...config });
}
