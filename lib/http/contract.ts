import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";

/** Who may call a route: a role (or higher), or anyone (sign-in, setup, the API document). */
export type RouteAccess = "public" | "viewer" | "operator" | "admin";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * One response of a route: a zod schema for a JSON body, or a description with any of `schema`
 * (JSON), `ndjson` (the shape of one line of an `application/x-ndjson` stream, sent when the
 * request asks for it with `Accept`) and `contentType` (any other body, e.g. a tar download).
 */
export type ResponseSpec = z.ZodType | { description: string; schema?: z.ZodType; ndjson?: z.ZodType; contentType?: string };

/** A request body that is streamed as it is (an archive upload, terminal input), not JSON. */
export type RawBody = { description: string; contentTypes: readonly string[] };

/**
 * What a route accepts and answers, declared once: `route()` validates requests against it and the
 * OpenAPI document (`GET /api/openapi.json`) is generated from it.
 */
export type RouteContract = {
  method: HttpMethod;
  /** The full path with `{param}` placeholders, e.g. `/api/images/{ref}`. */
  path: `/api/${string}`;
  summary: string;
  description?: string;
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, validated before the handler runs. */
  body?: z.ZodType;
  /** A body the handler streams itself. */
  rawBody?: RawBody;
  responses: Partial<Record<number, ResponseSpec>>;
  /** Error codes this route is known to answer with, beyond the ones every route can answer. */
  errors?: readonly ErrorCode[];
};

/**
 * Declares a contract with its literal types kept, so handlers see exact params, query and body.
 *
 * @example
 * export const getImageContract = defineContract({
 *   method: "GET", path: "/api/images/{ref}", summary: "An image in detail", access: "viewer",
 *   params: imageRefParamsSchema, responses: { 200: imageDetailSchema },
 * });
 */
export function defineContract<const C extends RouteContract>(contract: C): C {
  return contract;
}

/**
 * The answer of a long operation (pull, push, import, load): its result as JSON, or with
 * `Accept: application/x-ndjson` the engine's progress as it comes and then `{"result": ...}`, or
 * `{"error", "code", "status"}` when it fails after the stream started.
 */
export function streamedOperation(description: string, result: z.ZodType, line: z.ZodType): ResponseSpec {
  return { description, schema: result, ndjson: line };
}

/**
 * The path sections (the segment after `/api/`) whose routes work on one engine: `?engine=<id>`
 * chooses it (lib/http/route.ts; every route accepts it, these are the ones it matters to), and the
 * API document lists the parameter on them.
 */
export const ENGINE_SCOPED_SECTIONS: readonly string[] = [
  "builds",
  "cleanup",
  "containers",
  "disk-usage",
  "engine",
  "events",
  "exec",
  "images",
  "networks",
  "volumes",
];

/** Whether `?engine=` chooses the engine a route works on. */
export function isEngineScoped(path: string): boolean {
  return ENGINE_SCOPED_SECTIONS.includes(path.split("/")[2] ?? "");
}
