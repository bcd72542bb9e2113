import { SESSION_COOKIE } from "@/lib/auth/sessions";

/**
 * The Set-Cookie value for a session: HttpOnly, SameSite=Lax, Path=/, and Secure when the
 * dashboard is served over https (directly or behind a proxy that says so).
 */
export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
    ...(https ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
