import assert from "node:assert/strict";

/** The admin every test server creates from the environment on first start. */
export const TEST_ADMIN = { username: "admin", password: "admin-password-123" } as const;

/**
 * How a client's requests reach the dashboard: `fetch` over HTTP to a running server, or
 * `dispatchRoute` (lib/testing/route-client) straight into the route handlers of this process.
 */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

const overHttp: Transport = (url, init) => fetch(url, init);

/**
 * A caller of the dashboard's HTTP API as a browser or a script would be: with a session cookie
 * (and the dashboard's own Origin on mutations, as a browser sends it), or with a bearer token.
 */
export class DashboardClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials: { cookie?: string; token?: string } = {},
    private readonly transport: Transport = overHttp,
  ) {}

  get cookie(): string | undefined {
    return this.credentials.cookie;
  }

  fetch(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.credentials.cookie) headers.set("cookie", this.credentials.cookie);
    if (this.credentials.token) headers.set("authorization", `Bearer ${this.credentials.token}`);
    const method = (init.method ?? "GET").toUpperCase();
    const origin = init.origin === undefined ? this.baseUrl : init.origin;
    if (this.credentials.cookie && method !== "GET" && origin !== null && !headers.has("origin")) headers.set("origin", origin);
    return this.transport(`${this.baseUrl}${path}`, { ...init, headers, redirect: "manual" });
  }

  async json<T = Record<string, unknown>>(path: string, init: RequestInit & { origin?: string | null } = {}, status = 200): Promise<T> {
    const response = await this.fetch(path, {
      ...init,
      headers: {
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    const text = await response.text();
    assert.equal(response.status, status, `${init.method ?? "GET"} ${path}: ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Signs in through POST /api/auth/login and returns a client carrying the session cookie. */
export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
  transport: Transport = overHttp,
): Promise<DashboardClient> {
  const response = await transport(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 200, `sign-in of ${username}: ${await response.clone().text()}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0]!;
  assert.match(cookie, /^dashboard_session=s_/);
  return new DashboardClient(baseUrl, { cookie }, transport);
}

export function tokenClient(baseUrl: string, token: string, transport: Transport = overHttp): DashboardClient {
  return new DashboardClient(baseUrl, { token }, transport);
}
