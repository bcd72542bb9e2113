export const DEFAULT_NEXT_PATH = "/images";

const PROBE_ORIGIN = "http://dashboard.invalid";

/**
 * Where to go after signing in: the `next` path when it stays on this site, else /images. Browsers
 * read "//host", "/\host" and paths with tabs or newlines in them ("/\t/host") as another site, so
 * those are refused, as is a path back to /login or /setup (it would loop).
 *
 * @example safeNextPath("/images/seed%2Fweb%3A1?x=1") // "/images/seed%2Fweb%3A1?x=1"
 * @example safeNextPath("//evil.example/images") // "/images"
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return DEFAULT_NEXT_PATH;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  if (url.origin !== PROBE_ORIGIN || url.pathname === "/login" || url.pathname === "/setup") return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}
