import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie-name";
import { contentSecurityPolicy } from "@/lib/http/csp";
import { hasMalformedEscape, MALFORMED_ESCAPE_MESSAGE } from "@/lib/http/paths";

// Reachable without signing in. Everything else needs a session or token; route handlers and pages
// check them fully (this first gate only looks for one, so anonymous requests stop here cheaply).
const PUBLIC_PAGES = new Set(["/login", "/setup"]);
// The API document holds no data (issue 9: readable without signing in).
// Load balancers probe /api/health without credentials (it answers no data; ?engines=1 checks a viewer itself).
const PUBLIC_API = new Set(["/api/auth/login", "/api/auth/setup", "/api/openapi.json", "/api/health"]);

/**
 * Runs before every request: a fresh CSP nonce for pages, the path for the sign-in redirect, and
 * the anonymous gate (401 JSON for the API, a redirect to /login for pages).
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (hasMalformedEscape(pathname)) {
    const error = MALFORMED_ESCAPE_MESSAGE;
    if (pathname.startsWith("/api/")) return NextResponse.json({ error, code: "bad_request:path" }, { status: 400 });
    return new NextResponse(`${error}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const signedIn = request.cookies.has(SESSION_COOKIE_NAME) || request.headers.has("authorization");

  if (pathname.startsWith("/api/")) {
    if (!signedIn && !PUBLIC_API.has(pathname)) {
      return NextResponse.json(
        { error: "Sign in required: send a session cookie or an Authorization: Bearer token.", code: "unauthorized:session" },
        { status: 401 },
      );
    }
    return NextResponse.next();
  }

  if (!signedIn && !PUBLIC_PAGES.has(pathname)) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-dashboard-path", `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Upload routes are left out: for any request the proxy sees, Next.js copies the body so both
  // can read it, buffering it in memory and cutting it at 10 MB. Those routes authenticate in
  // their handlers like every other route; the proxy's gate is only the first of two.
  // The icons and the web manifest in public/ are left out too, so that anyone may fetch them: the
  // sign-in page shows them, and browsers fetch a manifest without cookies.
  matcher: [
    "/((?!_next/static|_next/image|api/images/(?:import|load)$|api/builds$|(?:favicon\\.ico|icon\\.svg|icon-\\d+\\.png|apple-touch-icon\\.png|manifest\\.webmanifest)$).*)",
  ],
};
