"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { NetworkDetail, NetworkList } from "@/lib/networks/types";
import { POLLED } from "./swr-options";

/** Every network with its subnet and attached containers, polled. */
export function useNetworks(config?: SWRConfiguration<NetworkList, ApiError>) {
  return useSWR<NetworkList, ApiError>(apiKeys.networks(), () => api.networks.list(), { ...POLLED, ...config });
}

/** One network (`docker network inspect`), polled. */
export function useNetwork(id: string, config?: SWRConfiguration<NetworkDetail, ApiError>) {
  return useSWR<NetworkDetail, ApiError>(apiKeys.network(id), () => api.networks.get(id), { ...POLLED, ...config });
}
