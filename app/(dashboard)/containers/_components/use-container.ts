"use client";

import useSWR from "swr";
import { fetchJson, retrySteadily } from "@/app/_components/api";
import type { ContainerDetail } from "@/lib/containers/types";
import { containerKey } from "./container-format";

/**
 * One container's inspect data, shared by the layout's header and the tabs (one request for
 * all), polled so a state change made elsewhere shows up.
 */
export function useContainerDetail(ref: string) {
  return useSWR<ContainerDetail>(containerKey(ref), fetchJson, { refreshInterval: 5000, onErrorRetry: retrySteadily });
}
