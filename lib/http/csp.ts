/**
 * The Content-Security-Policy of every page. Next.js streams inline bootstrap scripts, so scripts
 * are allowed by a per-request nonce (which Next.js reads from the request's CSP header and puts
 * on its own scripts) plus 'strict-dynamic' for the chunks those load; nothing else may run.
 * Styles allow inline because React style attributes are inline styles.
 *
 * @example contentSecurityPolicy({ nonce: "abc", dev: false }).includes("'nonce-abc'") // true
 */
export function contentSecurityPolicy({ nonce, dev }: { nonce: string; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
