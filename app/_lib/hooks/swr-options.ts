import type { SWRConfiguration } from "swr";
import { isApiError } from "@/app/_lib/api-client";

/**
 * SWR stops its refreshInterval while a key is in error and backs off exponentially (up to minutes)
 * on retries; a dashboard must notice the engine returning within seconds, so errors that can fix
 * themselves (engine down, server restarting) are retried at a steady pace instead.
 */
export const retrySteadily: NonNullable<SWRConfiguration["onErrorRetry"]> = (error, _key, _config, revalidate, options) => {
  // 400/404 and other client errors will not change by asking again.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return;
  setTimeout(() => void revalidate(options), 4000);
};

/** What the engine's lists and details poll with: a change made elsewhere shows up within 5 s. */
export const POLLED = { refreshInterval: 5000, onErrorRetry: retrySteadily } satisfies SWRConfiguration;
