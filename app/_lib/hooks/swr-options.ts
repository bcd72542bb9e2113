import type { SWRConfiguration } from "swr";
import { isApiError } from "@/app/_lib/api-client";
import { isLive } from "./use-live-events";

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

/** How often the engine's lists and details poll while the page receives the engine's events. */
export const LIVE_POLL_MS = 30_000;
/** …and without them: a change made elsewhere shows up within 5 s. */
export const FALLBACK_POLL_MS = 5000;

/**
 * What the engine's lists and details poll with. While the page follows the engine's events
 * (useLiveEvents) a change arrives as an event and the poll is only a safety net; without them,
 * polling is how a change made elsewhere shows up. Read at each poll, so a page that falls back
 * polls faster from its next poll on (and fetches at once when it falls back).
 */
export const POLLED = {
  refreshInterval: () => (isLive() ? LIVE_POLL_MS : FALLBACK_POLL_MS),
  onErrorRetry: retrySteadily,
} satisfies SWRConfiguration;
