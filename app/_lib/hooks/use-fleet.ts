"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError } from "@/app/_lib/api-client";
import type { FleetImages } from "@/lib/fleet/types";
import { FALLBACK_POLL_MS, retrySteadily } from "./swr-options";

// The fleet spans engines the page receives no events from (the live stream is the current
// engine's), so it polls at the pace of a page without events. Each look is cheap: the server
// answers from every engine's snapshot, which that engine's event stream keeps current.
const FLEET_POLLED = { refreshInterval: FALLBACK_POLL_MS, onErrorRetry: retrySteadily } satisfies SWRConfiguration;

/**
 * Every image across all engines (`GET /api/fleet/images`), polled; the page and the copy dialog
 * share it, so a copy that ends revalidates both.
 *
 * @example const { data, mutate } = useFleetImages()
 */
export function useFleetImages(config?: SWRConfiguration<FleetImages, ApiError>) {
  return useSWR<FleetImages, ApiError>(apiKeys.fleetImages(), () => api.fleet.images(), { ...FLEET_POLLED, ...config });
}
