/** The answer to a path with a malformed percent-escape (proxy.ts, and the custom server's fast paths). */
export const MALFORMED_ESCAPE_MESSAGE = "The path has a malformed percent-escape (a % must be followed by two hex digits of UTF-8).";

/**
 * Whether a path segment has a malformed percent-escape (`%E0%A4%A`). Next's router fails on such
 * a path after the proxy and before any route code, with a 500 HTML page; the proxy sees the raw
 * path, so it answers first.
 */
export function hasMalformedEscape(pathname: string): boolean {
  return pathname.split("/").some((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
}
