"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { UserList } from "@/lib/auth/types";
import { retrySteadily } from "./swr-options";

/** Every user (admins only). */
export function useUsers(config?: SWRConfiguration<UserList, ApiError>) {
  return useSWR<UserList, ApiError>(apiKeys.users(), () => api.users.list(), { onErrorRetry: retrySteadily, ...config });
}
