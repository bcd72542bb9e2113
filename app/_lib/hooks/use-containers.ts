"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { ContainerChanges, ContainerDetail, ContainerList } from "@/lib/containers/types";
import { POLLED } from "./swr-options";

/** Every container (`docker ps -a -s`), polled. */
export function useContainers(config?: SWRConfiguration<ContainerList, ApiError>) {
  return useSWR<ContainerList, ApiError>(apiKeys.containers(), () => api.containers.list(), { ...POLLED, ...config });
}

/**
 * One container's inspect data, shared by the detail layout's header and its tabs (one request for
 * all; the layout seeds the key on the server), polled so a state change made elsewhere shows up.
 */
export function useContainer(id: string, config?: SWRConfiguration<ContainerDetail, ApiError>) {
  return useSWR<ContainerDetail, ApiError>(apiKeys.container(id), () => api.containers.get(id), { ...POLLED, ...config });
}

/** What a container changed in its writable layer (`docker diff`), polled. */
export function useContainerChanges(id: string, config?: SWRConfiguration<ContainerChanges, ApiError>) {
  return useSWR<ContainerChanges, ApiError>(apiKeys.containerChanges(id), () => api.containers.changes(id), { ...POLLED, ...config });
}
