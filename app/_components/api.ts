import type { SWRConfiguration } from "swr";

// Browser-side access to the dashboard's JSON API. Every error body is {"error": "..."}, sometimes
// with more fields (a 409 from DELETE names the containers), so the body travels with the error.

/** A non-2xx answer from the API, or no answer at all (status 0). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

async function readBody(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Calls the API and returns the parsed JSON; throws ApiError carrying the server's message.
 *
 * @example const list = await requestJson<ImageList>("/api/images")
 * @example await requestJson("/api/images/seed%2Ffat%3A1/tag", { method: "POST", body: { repo: "x", tag: "1" } })
 */
export async function requestJson<T>(url: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers:
        options.body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "The dashboard server did not answer; check that it is running.");
  }
  const body = await readBody(response);
  if (!response.ok) {
    const message = typeof body.error === "string" ? body.error : `Request failed with HTTP ${response.status}.`;
    throw new ApiError(response.status, message, body);
  }
  return body as T;
}

// Set while the page is on its way out (signing out, or already sent to sign in), so a poll that
// gets 401 meanwhile does not start a second navigation somewhere else.
let leaving = false;

/** Marks the page as leaving (or not, when a sign-out failed); see sendToSignIn. */
export function setLeaving(value: boolean): void {
  leaving = value;
}

/**
 * The session ended while a page was open (expired, signed out elsewhere, user disabled): go to
 * the sign-in page, which brings the user back here afterwards. A full load, so nothing cached
 * from the old session stays.
 */
export function sendToSignIn(): void {
  if (leaving || typeof window === "undefined") return;
  leaving = true;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}

/** SWR fetcher for GET endpoints; a 401 means the session is over (see sendToSignIn). */
export async function fetchJson<T>(url: string): Promise<T> {
  try {
    return await requestJson<T>(url);
  } catch (error) {
    if (isApiError(error) && error.status === 401) sendToSignIn();
    throw error;
  }
}

/** Keys whose data an image mutation (tag, rmi) makes stale: the list and every detail. */
export function isImagesKey(key: unknown): boolean {
  return typeof key === "string" && key.startsWith("/api/images");
}

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
