import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { recordEvent } from "@/lib/audit/actions";
import { authenticateRequest, type Authentication } from "@/lib/auth/authenticate";
import { actorName, hasRole, type Principal } from "@/lib/auth/roles";
import { runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { resolveEngine } from "@/lib/engines/queries";
import { AppError, BadRequestError } from "@/lib/errors";
import type { RouteContract } from "@/lib/http/contract";
import { toErrorResponse } from "@/lib/http/errors";
import { decodeParam, parseInput, searchParamsObject } from "@/lib/http/parse";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameOrigin(value: string | null, host: string | null): boolean {
  if (!value || !host) return false;
  try {
    return new URL(value).host === host;
  } catch {
    return false;
  }
}

/**
 * CSRF: a browser attaches the session cookie to requests that other sites make it send, so a
 * mutation authenticated by the cookie must prove it comes from the dashboard's own pages: its
 * Origin (or, failing that, Referer) must be this host. Bearer-token requests carry no ambient
 * credential and are exempt. Requests without a session (sign-in) are checked only when they
 * carry an Origin.
 */
export function assertSameOrigin(request: Request, via: Authentication["via"] | null): void {
  if (SAFE_METHODS.has(request.method) || via === "token") return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const origin = request.headers.get("origin");
  const referer = request.headers.get("referer");
  if (via === null && !origin) return;
  const ok = origin ? sameOrigin(origin, host) : sameOrigin(referer, host);
  if (!ok) {
    throw new AppError(
      "forbidden:origin",
      origin
        ? `Cross-site request refused: Origin ${origin} is not this dashboard.`
        : "Request refused: a signed-in browser request that changes something must carry this dashboard's Origin or Referer.",
    );
  }
}

/**
 * The caller's address for throttling. Next.js fills X-Forwarded-For with the socket's address
 * when the request has none; a reverse proxy appends the address it saw, so the last entry is the
 * nearest hop's word, the one a client cannot choose when a proxy is in front.
 */
export function requestAddress(request: Request): string | null {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || null;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: validated inputs, and the caller (never null on a role route). */
export type RouteContext<C extends RouteContract> = {
  request: NextRequest;
  params: Output<C["params"]>;
  query: Output<C["query"]>;
  body: Output<C["body"]>;
  principal: C["access"] extends "public" ? Principal | null : Principal;
  /** The caller's name for the audit log ("anonymous" on a public route without a session). */
  actor: string;
};

/** The function Next.js calls, carrying its contract for the API document. */
export type RouteHandler<C extends RouteContract> = ((request: NextRequest, context: { params: Promise<unknown> }) => Promise<Response>) & {
  contract: C;
};

async function readJson(request: Request): Promise<unknown> {
  return parseJsonText(await request.text());
}

/** A JSON request body's text parsed (undefined when empty); not JSON is a 400. Shared with lib/http/node-route. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError("body", "The request body must be JSON.");
  }
}

/**
 * The caller of a request with the route's access checked: 401 without a session or token on a
 * role route, 403 (audited) below the role, then the Origin check. `pathname` names the route in
 * the audit row. Shared with the Node handlers' dispatcher (lib/http/node-route).
 */
export async function authorize(request: Request, pathname: string, access: RouteContract["access"]): Promise<Principal | null> {
  const authentication = await authenticateRequest(request);
  if (access !== "public") {
    if (!authentication)
      throw new AppError("unauthorized:session", "Sign in required: send a session cookie or an Authorization: Bearer token.");
    if (!hasRole(authentication.principal.role, access)) {
      await recordEvent({
        action: "auth.denied",
        target: `${request.method} ${pathname}`,
        actor: actorName(authentication.principal),
        outcome: "failed",
        error: `needs ${access}, has ${authentication.principal.role}`,
      });
      throw new AppError("forbidden:role", `Your role (${authentication.principal.role}) cannot do this; it needs ${access}.`);
    }
  }
  assertSameOrigin(request, authentication?.via ?? null);
  return authentication?.principal ?? null;
}

/** The query parameter that says which engine a request runs on (see route()). */
export const ENGINE_QUERY_PARAMETER = "engine";

/**
 * The engine `?engine=` names (404 for an unknown id), or null when absent: the default engine.
 * The parameter is taken out of the query the route's own schema reads.
 */
export async function requestedEngine(searchParams: URLSearchParams): Promise<{ engine: EngineConnection | null; query: URLSearchParams }> {
  const id = searchParams.get(ENGINE_QUERY_PARAMETER);
  if (id === null) return { engine: null, query: searchParams };
  const query = new URLSearchParams(searchParams);
  query.delete(ENGINE_QUERY_PARAMETER);
  if (id.trim() === "") return { engine: null, query };
  return { engine: await resolveEngine(id.trim()), query };
}

/**
 * A response whose body is read on `engine`: Next.js pulls a streamed body after the handler has
 * returned, outside the request's context, so each pull is put back into it (a body that calls
 * the engine as it is read, e.g. a paged listing, must not reach the default engine).
 */
function readBodyOnEngine(response: Response, engine: EngineConnection): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) =>
      runOnEngine(engine, async () => {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      }),
    cancel: (reason) => runOnEngine(engine, () => reader.cancel(reason)),
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The route's path parameters, percent-decoded and checked against its contract (400 naming a bad one). */
export function parseParams<C extends RouteContract>(contract: C, rawParams: Record<string, string | string[]>): Output<C["params"]> {
  if (!contract.params) return undefined as Output<C["params"]>;
  const decoded = Object.fromEntries(
    Object.entries(rawParams).map(([key, value]) => [key, typeof value === "string" ? decodeParam(value) : value]),
  );
  return parseInput(contract.params, decoded, "params") as Output<C["params"]>;
}

/**
 * Declares a route handler by its contract: authenticates the caller (401 without a valid session
 * or token), checks the role (403, recorded in the audit log), refuses cross-site mutations,
 * validates params, query and JSON body against the contract's schemas (400 naming each bad field),
 * and turns anything thrown into the one JSON error shape `{"error": "...", "code": "..."}`.
 *
 * `?engine=<id>` on any request runs the handler, and the reading of its response body, on that
 * engine (lib/docker/client runOnEngine): every engine call it makes goes there. An unknown id is a
 * 404; absent, the default engine (DOCKER_HOST's). The route's query schema never sees it.
 *
 * @example
 * export const GET = route(getImageContract, async ({ params }) => Response.json(await getImageDetail(params.ref)));
 */
export function route<const C extends RouteContract>(
  contract: C,
  handler: (context: RouteContext<C>) => Promise<Response>,
): RouteHandler<C> {
  const handle = async (request: NextRequest, context: { params: Promise<unknown> }): Promise<Response> => {
    try {
      const principal = await authorize(request, request.nextUrl.pathname, contract.access);
      const params = parseParams(contract, ((await context.params) ?? {}) as Record<string, string | string[]>);
      const { engine, query: searchParams } = await requestedEngine(request.nextUrl.searchParams);
      const query = contract.query ? parseInput(contract.query, searchParamsObject(searchParams), "query") : undefined;
      const body = contract.body ? parseInput(contract.body, await readJson(request), "body") : undefined;
      const inputs = { request, params, query, body, principal, actor: principal ? actorName(principal) : "anonymous" } as RouteContext<C>;
      if (!engine) return await handler(inputs);
      return readBodyOnEngine(await runOnEngine(engine, () => handler(inputs)), engine);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  return Object.assign(handle, { contract });
}

/**
 * Parses a JSON body the contract could not declare, because the route takes either JSON or a
 * stream depending on its Content-Type (import: an archive, or `{"url"}`).
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  return parseInput(schema, await readJson(request), "body");
}

/** @deprecated Declare `query` in the route's contract. */
export function readQuery<S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> {
  return parseInput(schema, searchParamsObject(request.nextUrl.searchParams), "query");
}
