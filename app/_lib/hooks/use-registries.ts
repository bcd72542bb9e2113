"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { RegistryList, RepositoryList, RepositoryTags } from "@/lib/registries/types";
import { retrySteadily } from "./swr-options";

/** The saved registries (never their passwords). */
export function useRegistries(config?: SWRConfiguration<RegistryList, ApiError>) {
  return useSWR<RegistryList, ApiError>(apiKeys.registries(), () => api.registries.list(), { onErrorRetry: retrySteadily, ...config });
}

/** A saved registry's catalog, read with its credentials. */
export function useRegistryRepositories(id: string, config?: SWRConfiguration<RepositoryList, ApiError>) {
  return useSWR<RepositoryList, ApiError>(apiKeys.registryRepositories(id), () => api.registries.repositories(id), config);
}

/** One repository's tags in a saved registry; a null `repository` fetches nothing. */
export function useRegistryTags(id: string, repository: string | null, config?: SWRConfiguration<RepositoryTags, ApiError>) {
  return useSWR<RepositoryTags, ApiError>(
    repository === null ? null : apiKeys.registryTags(id, repository),
    () => api.registries.tags(id, repository!),
    config,
  );
}
