import { isKeyIn } from "@/app/_lib/api-client";

// The API client moved to app/_lib/api-client.ts (with the SWR hooks in app/_lib/hooks/). These
// re-exports keep the files not yet switched over working (the engine status, the user menu, the
// images list); import from app/_lib in new code.
export { ApiError, fetchJson, isApiError, requestJson, sendToSignIn, setLeaving } from "@/app/_lib/api-client";
export { retrySteadily } from "@/app/_lib/hooks/swr-options";

/** Keys whose data an image mutation (tag, rmi) makes stale: the list and every detail. */
export function isImagesKey(key: unknown): boolean {
  return isKeyIn("images", key);
}
