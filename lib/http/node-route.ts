import "server-only";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { once } from "node:events";
import type { Readable } from "node:stream";
import type { z } from "zod";
import { readLimitedText } from "@/lib/archive/streams";
import { actorName, type Principal } from "@/lib/auth/roles";
import { runOnEngine } from "@/lib/docker/client";
import { FramedDownload, relayFramed } from "@/lib/docker/framed-download";
import { AppError, BadRequestError } from "@/lib/errors";
import type { RouteContract } from "@/lib/http/contract";
import { errorBodyOf } from "@/lib/http/errors";
import { wantsStream } from "@/lib/http/ndjson";
import { parseInput, searchParamsObject } from "@/lib/http/parse";
import { hasMalformedEscape, MALFORMED_ESCAPE_MESSAGE } from "@/lib/http/paths";
import { authorize, parseJsonText, parseParams, requestedEngine } from "@/lib/http/route";

// The byte-heavy routes (uploads into the engine, downloads out of it) served from Node's own
// request and response objects: Next.js turns every request body into a web stream and every
// response body back into Node writes, near-fixed work per gigabyte that competes with the engine
// for the CPU. The custom server (scripts/server.mjs) hands the paths of its table to
// these handlers before Next.js sees the request; everything else is Next's. (A large upload's
// bytes skip Node altogether: lib/http/socket-body, lib/docker/upload-pump.) The caller, role,
// Origin, engine and error plumbing is route.ts's own, shared, so both edges answer alike.

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a Node handler receives: the Node request and response, and the same checked inputs as a route handler. */
export type NodeRouteContext<C extends RouteContract> = {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request's URL and headers without its body (the body is `req`), for helpers that read headers. */
  request: Request;
  params: Output<C["params"]>;
  query: Output<C["query"]>;
  body: Output<C["body"]>;
  principal: C["access"] extends "public" ? Principal | null : Principal;
  actor: string;
  /** Aborted when the client goes away before the answer is complete. */
  signal: AbortSignal;
};

/** A Node handler with its contract: the custom server matches `contract.method` and `contract.path`. */
export type NodeRouteHandler<C extends RouteContract = RouteContract> = ((
  req: IncomingMessage,
  res: ServerResponse,
  rawParams: Record<string, string>,
) => Promise<void>) & { contract: C };

/**
 * The headers next.config.js adds to every answer Next.js serves: answers that bypass Next.js
 * carry them too (the production-server test compares both edges).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
};

function webHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  }
  return result;
}

/** The request's URL and headers as a body-less Request, for the checks that route.ts shares. */
function requestHead(req: IncomingMessage): Request {
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  return new Request(url, { method: req.method, headers: webHeaders(req.headers) });
}

/** True when the request carries a body (a length above 0, or a chunked one). */
export function hasRequestBody(req: IncomingMessage): boolean {
  if (req.headers["transfer-encoding"]) return true;
  return Number(req.headers["content-length"] ?? 0) > 0;
}

/** JSON bodies a contract declares (small by nature: a copy's target engine). */
const MAX_JSON_BODY_BYTES = 1 << 20;

/** A JSON body checked against `schema` (400 naming each bad field), as route.ts's `readJsonBody`. */
export async function readNodeJsonBody<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.infer<S>> {
  const text = await readLimitedText(
    req,
    MAX_JSON_BODY_BYTES,
    () => new AppError("too_large:body", `A JSON request body is at most ${MAX_JSON_BODY_BYTES / (1 << 20)} MiB.`),
  );
  return parseInput(schema, parseJsonText(text), "body");
}

/** Writes a JSON answer (the error shape of lib/http/errors included). */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Answers anything thrown with the one JSON error shape; once the answer has started, its status
 * cannot change any more, so the connection is cut (the client sees a truncated download).
 */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  if (res.destroyed) return;
  const { status, body } = errorBodyOf(error);
  sendJson(res, status, body);
}

/** Writes `chunk`, waiting for the client to take what is buffered (back-pressure); false once the client has gone. */
async function writeWithBackPressure(res: ServerResponse, chunk: string | Buffer): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  await Promise.race([once(res, "drain"), once(res, "close")]);
  return !res.destroyed;
}

/**
 * The Node edge of `operationResponse` (lib/http/ndjson): with `Accept: application/x-ndjson` the
 * operation's progress messages are JSON lines and the last line is `{"result": ...}` (or the
 * error shape with its `status`); otherwise the operation runs to its end and the answer is its
 * result. The first message is awaited before answering, so failures at the start keep their
 * own status. A client that goes away closes the operation (its engine request and audit row).
 */
export async function sendOperation<R>(
  { request, res }: { request: Request; res: ServerResponse },
  operation: AsyncGenerator<unknown, R>,
  status = 200,
): Promise<void> {
  if (!wantsStream(request)) {
    for (;;) {
      const next = await operation.next();
      if (next.done) return sendJson(res, status, next.value);
    }
  }
  const first = await operation.next();
  res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
  try {
    let next = first;
    for (;;) {
      const line = next.done ? { result: next.value } : next.value;
      if (!(await writeWithBackPressure(res, `${JSON.stringify(line)}\n`))) return;
      if (next.done) break;
      next = await operation.next();
    }
    res.end();
  } catch (error) {
    const { status: errorStatus, body } = errorBodyOf(error);
    if (await writeWithBackPressure(res, `${JSON.stringify({ ...body, status: errorStatus })}\n`)) res.end();
  } finally {
    await operation.return(undefined as R);
  }
}

/**
 * True when `req`'s response can carry a body in the engine's own chunked framing: an HTTP/1.1
 * request (an HTTP/1.0 client gets an unframed body).
 */
export function takesChunkedFraming(req: IncomingMessage): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor >= 1;
}

/**
 * A streamed file download: the engine's tar piped into the response with back-pressure (never
 * buffered). A client that goes away destroys the source, releasing the engine's stream. A
 * FramedDownload (asked for when `takesChunkedFraming(req)`) passes on the engine's chunks as
 * they are, straight to the connection, and the response's end writes the last chunk.
 */
export async function sendDownload(res: ServerResponse, stream: Readable, filename: string): Promise<void> {
  // A client that left while the download was being opened: its "close" has been and gone.
  if (res.destroyed || res.socket?.destroyed) {
    stream.destroy();
    return;
  }
  const framed = stream instanceof FramedDownload;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "application/x-tar",
    "content-disposition": `attachment; filename="${filename.replace(/"/g, "")}"`,
    "cache-control": "no-store",
    ...(framed ? { "transfer-encoding": "chunked" } : {}),
  });
  // Headers go at once: an engine slow to send its first bytes must not leave the client without a status.
  res.flushHeaders();
  // pipe(), not pipeline(): a client that goes away destroys the source without an error, so the
  // audit row says how far the download got (lib/images/actions auditedDownload), as it does when
  // Next.js cancels a streamed body. An engine failure mid-way cuts the connection: the status
  // is sent already, and a truncated archive must not look whole.
  await new Promise<void>((resolve) => {
    res.once("close", () => {
      if (!stream.destroyed) stream.destroy();
      resolve();
    });
    stream.once("error", (error) => res.destroy(error));
    if (framed) relayFramed(res, stream);
    else stream.pipe(res);
  });
}

/**
 * Declares a Node handler by its contract, with route()'s checks (lib/http/route.ts, shared code):
 * 401 without a session or token, 403 below the role (audited), the Origin check on mutations,
 * params, query and a declared JSON body validated (400), `?engine=<id>` selecting the engine the
 * whole handler (and so its streams) runs on, anything thrown answered with the JSON error shape.
 *
 * @example
 * export const saveImageNode = nodeRoute(saveImageContract, async ({ res, params, actor }) => {
 *   const { stream, filename } = await saveImage({ ref: params.ref, actor });
 *   await sendDownload(res, stream, filename);
 * });
 */
export function nodeRoute<const C extends RouteContract>(
  contract: C,
  handler: (context: NodeRouteContext<C>) => Promise<void>,
): NodeRouteHandler<C> {
  const handle = async (req: IncomingMessage, res: ServerResponse, rawParams: Record<string, string>): Promise<void> => {
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new Error("The client went away."));
    });
    try {
      const request = requestHead(req);
      const url = new URL(request.url);
      const principal = await authorize(request, url.pathname, contract.access);
      const params = parseParams(contract, rawParams);
      const { engine, query: searchParams } = await requestedEngine(url.searchParams);
      const query = contract.query ? parseInput(contract.query, searchParamsObject(searchParams), "query") : undefined;
      const body = contract.body ? await readNodeJsonBody(req, contract.body) : undefined;
      const inputs = {
        req,
        res,
        request,
        params,
        query,
        body,
        principal,
        actor: principal ? actorName(principal) : "anonymous",
        signal: controller.signal,
      } as NodeRouteContext<C>;
      if (!engine) await handler(inputs);
      else await runOnEngine(engine, () => handler(inputs));
    } catch (error) {
      sendError(res, error);
    } finally {
      // An upload refused before it was read (401, 403, a bad query): the rest of it is not
      // wanted; the client gets its answer and the connection closes.
      if (!req.complete && !req.destroyed) req.resume();
    }
  };
  return Object.assign(handle, { contract });
}

/** A compiled row of the fast-path table. */
type CompiledRoute = { method: string; pattern: RegExp; names: string[]; handler: NodeRouteHandler };

function compile(handler: NodeRouteHandler): CompiledRoute {
  const names: string[] = [];
  const source = handler.contract.path
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]!);
      return "([^/]+)";
    })
    .join("/");
  return { method: handler.contract.method, pattern: new RegExp(`^${source}$`), names, handler };
}

/**
 * The dispatcher of the custom server: `dispatch(req, res)` serves a request whose method and path
 * match one of `handlers`' contracts and returns true; anything else returns false, for Next.js.
 * A path with a malformed percent-escape gets the proxy's 400 (proxy.ts), which Next.js would have given.
 */
export function nodeRouteDispatcher(handlers: readonly NodeRouteHandler[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const routes = handlers.map(compile);
  return (req, res) => {
    const pathname = (req.url ?? "/").split("?")[0]!;
    const route = routes.find((candidate) => candidate.method === req.method && candidate.pattern.test(pathname));
    if (!route) return false;
    if (hasMalformedEscape(pathname)) {
      sendError(res, new BadRequestError("path", MALFORMED_ESCAPE_MESSAGE));
      req.resume();
      return true;
    }
    const values = route.pattern.exec(pathname)!.slice(1);
    const rawParams = Object.fromEntries(route.names.map((name, index) => [name, values[index]!]));
    void route.handler(req, res, rawParams);
    return true;
  };
}
