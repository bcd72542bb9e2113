import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { pathToFileURL } from "node:url";
import { autoImplementMethods } from "next/dist/server/route-modules/app-route/helpers/auto-implement-methods";
import { NextRequest } from "next/server";
import "@/lib/testing/next-server-layer";
import { listApiRoutes, matchApiRoute, type ApiRouteFile } from "@/lib/testing/app-routes";
import { requireSandboxEngine } from "@/lib/testing/docker-cli";
import { DashboardClient, signIn, TEST_ADMIN, tokenClient } from "@/lib/testing/http-client";

/**
 * In-process route tests: requests go straight into the exported handlers of app/api/**\/route.ts,
 * called the way Next.js calls them, against the real private engine and a real (temporary)
 * database. No `next build`, no server. What only the real server does (the proxy's anonymous
 * gate and redirects, next.config headers, CSP, pages) is tested against `next start` instead.
 */

/** The origin in-process requests are addressed to; mutations signed in by cookie carry it. */
export const ROUTE_TEST_ORIGIN = "http://127.0.0.1:3000";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
// A socket hands Next.js an upload in pieces; the handlers see it the same way.
const UPLOAD_CHUNK_BYTES = 64 * 1024;

let apiRoutes: ApiRouteFile[] | null = null;
const modules = new Map<string, Promise<Record<string, unknown>>>();

function loadRouteModule(file: string): Promise<Record<string, unknown>> {
  let loaded = modules.get(file);
  if (!loaded) {
    loaded = import(pathToFileURL(path.join(process.cwd(), file)).href) as Promise<Record<string, unknown>>;
    modules.set(file, loaded);
  }
  return loaded;
}

/**
 * The handlers a route file really exports (the module, not its source text).
 *
 * @example await exportedMethods("app/api/images/[ref]/route.ts") // ["DELETE", "GET"]
 */
export async function exportedMethods(file: string): Promise<string[]> {
  const handlers = await loadRouteModule(file);
  return HTTP_METHODS.filter((method) => typeof handlers[method] === "function").sort();
}

function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES));
      offset += UPLOAD_CHUNK_BYTES;
    },
  });
}

/**
 * The request as a handler behind `next start` receives it: the headers fetch adds (accept,
 * user-agent, the body's content-type and content-length), the ones Next's server adds
 * (host, x-forwarded-*: base-server.ts fills them from the socket), and the body as a stream.
 */
async function toNextRequest(url: URL, method: string, init: RequestInit): Promise<NextRequest> {
  const headers = new Headers(init.headers);
  const defaults: Record<string, string> = {
    accept: "*/*",
    "user-agent": "node",
    host: url.host,
    "x-forwarded-host": url.host,
    "x-forwarded-port": url.port || (url.protocol === "https:" ? "443" : "80"),
    "x-forwarded-proto": url.protocol.slice(0, -1),
    "x-forwarded-for": "127.0.0.1",
  };
  for (const [name, value] of Object.entries(defaults)) if (!headers.has(name)) headers.set(name, value);
  let body: ReadableStream<Uint8Array> | null = null;
  if (init.body != null && method !== "GET" && method !== "HEAD") {
    if (init.body instanceof ReadableStream) body = init.body as ReadableStream<Uint8Array>;
    else {
      // Let the platform encode the body (and pick its content-type) exactly as fetch would.
      const encoded = new Request(url, { method, body: init.body, headers: init.headers });
      const contentType = encoded.headers.get("content-type");
      if (contentType && !headers.has("content-type")) headers.set("content-type", contentType);
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      headers.set("content-length", String(bytes.byteLength));
      body = chunked(bytes);
    }
  }
  // `duplex: "half"` lets a request carry a stream body (undici requires it; the DOM types lack it).
  const requestInit = { method, headers, body, duplex: "half", ...(init.signal ? { signal: init.signal } : {}) };
  return new NextRequest(url, requestInit as ConstructorParameters<typeof NextRequest>[1]);
}

/**
 * When the caller aborts, its read fails and the handler's body stream is cancelled: what a
 * closed connection does to a streaming response behind `next start`.
 */
function abortable(response: Response, signal: AbortSignal): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const abort = () => {
        controller.error(signal.reason);
        reader.cancel(signal.reason).catch(() => undefined);
      };
      if (signal.aborted) abort();
      else signal.addEventListener("abort", abort, { once: true });
    },
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (!signal.aborted) controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Calls the route handler that serves `url` in this process, as Next.js would:
 * `await POST(new NextRequest(url, init), { params: Promise.resolve({ ref: "seed/web:1" }) })`.
 * A method the file does not export answers as Next.js makes it: HEAD runs GET, OPTIONS lists the
 * methods, anything else is a 405.
 *
 * @example
 * const response = await dispatchRoute(`${ROUTE_TEST_ORIGIN}/api/images?q=seed`, { headers: { authorization: `Bearer ${token}` } });
 */
export async function dispatchRoute(input: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input, ROUTE_TEST_ORIGIN);
  apiRoutes ??= listApiRoutes();
  const match = matchApiRoute(apiRoutes, url.pathname);
  if (!match) throw new Error(`no route file under app/api serves ${url.pathname}`);
  const method = (init.method ?? "GET").toUpperCase();
  // Next's own fill-in for what a file does not export: HEAD runs GET, OPTIONS lists the methods,
  // anything else is a 405.
  const handlers = autoImplementMethods(await loadRouteModule(match.route.file)) as unknown as Record<string, RouteHandler | undefined>;
  const handler = handlers[method];
  if (!handler) throw new Error(`${method} is not an HTTP method Next.js routes`);
  const request = await toNextRequest(url, method, init);
  const response = await handler(request, { params: Promise.resolve(match.params) });
  return init.signal ? abortable(response, init.signal) : response;
}

/**
 * A client whose requests go to the route handlers in this process; with no credentials it is
 * anonymous.
 *
 * @example await routeClient({ cookie: "dashboard_session=s_forged" }).fetch("/api/images") // 401
 */
export function routeClient(credentials: { cookie?: string; token?: string } = {}): DashboardClient {
  return new DashboardClient(ROUTE_TEST_ORIGIN, credentials, dispatchRoute);
}

/** Signs in through the login route's handler; the client carries the session cookie it set. */
export function signInRoute(username: string, password: string): Promise<DashboardClient> {
  return signIn(ROUTE_TEST_ORIGIN, username, password, dispatchRoute);
}

/** A script's client: `Authorization: Bearer <token>` on every request. */
export function routeTokenClient(token: string): DashboardClient {
  return tokenClient(ROUTE_TEST_ORIGIN, token, dispatchRoute);
}

/**
 * A new PostgreSQL database copied from the migrated one at `templateUrl` (a file copy inside the
 * server: milliseconds, against about a second to migrate). Synchronous like prepareRouteTests, so
 * the statement runs in a child node process.
 *
 * @example createPostgresDatabase("postgresql://postgres@127.0.0.1:5433/route_template") // "postgresql://postgres@127.0.0.1:5433/route_4242_1a2b3c"
 */
function createPostgresDatabase(templateUrl: string): string {
  const template = new URL(templateUrl);
  const templateName = decodeURIComponent(template.pathname.slice(1));
  const name = `route_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const maintenance = new URL(templateUrl);
  maintenance.pathname = "/postgres";
  const createDatabase = `
    const pg = require("pg");
    const client = new pg.Client({ connectionString: process.argv[1] });
    client.connect()
      .then(() => client.query(process.argv[2]))
      .then(() => client.end())
      .catch((error) => { console.error(error.message); process.exit(1); });`;
  execFileSync(
    process.execPath,
    ["-e", createDatabase, maintenance.href, `CREATE DATABASE "${name}" TEMPLATE "${templateName.replace(/"/g, '""')}"`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const database = new URL(templateUrl);
  database.pathname = `/${name}`;
  return database.href;
}

let prepared: { dataDir: string } | null = null;

/**
 * Gives this test process (one per test file under `node --test`) what a fresh `npm start` has:
 * an empty data folder with a migrated database, the first admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD (TEST_ADMIN unless `admin` is null), and DOCKER_HOST (the private engine unless
 * `dockerHost` says otherwise). Call it at the top of the file, before the first request: the
 * configuration is read once per process.
 *
 * The database is a copy of ROUTE_TEST_DATABASE_TEMPLATE when scripts/test.sh made one (one
 * `prisma migrate deploy` per run instead of one per file), else migrated here. With
 * ROUTE_TEST_POSTGRES_TEMPLATE (the URL of a migrated PostgreSQL database: scripts/test.sh's
 * PostgreSQL pass) it is a fresh PostgreSQL database instead, `CREATE DATABASE … TEMPLATE` that one;
 * it stays until the cluster goes (the test's own connections are open until the process ends).
 *
 * @example
 * prepareRouteTests();
 * const admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
 */
export function prepareRouteTests(options: { admin?: { username: string; password: string } | null; dockerHost?: string } = {}): {
  dataDir: string;
} {
  if (prepared) throw new Error("prepareRouteTests() runs once per process, before the first request");
  requireSandboxEngine();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-route-"));
  const postgresTemplate = process.env.ROUTE_TEST_POSTGRES_TEMPLATE;
  let databaseUrl = `file:${path.join(dataDir, "dashboard.db")}`;
  const template = process.env.ROUTE_TEST_DATABASE_TEMPLATE;
  if (postgresTemplate) databaseUrl = createPostgresDatabase(postgresTemplate);
  else if (template) fs.copyFileSync(template, path.join(dataDir, "dashboard.db"));
  else {
    execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DASHBOARD_DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  const admin = options.admin === undefined ? TEST_ADMIN : options.admin;
  Object.assign(process.env, {
    DASHBOARD_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ADMIN_USERNAME: admin?.username ?? "",
    ADMIN_PASSWORD: admin?.password ?? "",
    ...(options.dockerHost ? { DOCKER_HOST: options.dockerHost } : {}),
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  prepared = { dataDir };
  return prepared;
}

/**
 * Records what this process writes to stdout and stderr from now on (passing it through): the
 * in-process counterpart of a server's log, for checks that a secret never reaches it.
 *
 * @example const log = captureOutput(); ...; assert.ok(!log().includes(password));
 */
export function captureOutput(): () => string {
  let text = "";
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString();
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  return () => text;
}
