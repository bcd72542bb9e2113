import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { AppError, BadRequestError, toErrorResponse } from "@/lib/errors";

type Handler<P> = (request: NextRequest, context: { params: P }) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser sends Origin on every cross-site request; a mutation whose Origin is not this
 * dashboard is a forged request from another site and changes nothing. Requests without Origin
 * (scripts, curl) are not browser-forged and pass.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (!host || originHost !== host) {
    throw new AppError("forbidden:origin", 403, `Cross-site request refused: Origin ${origin} is not this dashboard.`);
  }
}

/**
 * Wraps a route handler: awaits the params, refuses cross-site mutations, and turns anything
 * thrown into the one JSON error shape `{"error": "..."}`.
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      assertSameOrigin(request);
      return await handler(request, { params: await context.params });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** Parses a JSON body against a schema; malformed JSON or a wrong shape is a 400 saying why. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new BadRequestError("body", "The request body must be JSON.");
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequestError("body", `Invalid request body: ${describeIssues(result.error)}`);
  return result.data;
}

/** Parses query parameters against a schema; a bad value is a 400 saying which and why. */
export function readQuery<S extends z.ZodType>(request: NextRequest, schema: S): z.infer<S> {
  const raw = Object.fromEntries([...request.nextUrl.searchParams.entries()].filter(([, value]) => value !== ""));
  const result = schema.safeParse(raw);
  if (!result.success) throw new BadRequestError("query", `Invalid query: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Route params arrive percent-decoded or not depending on how the client encoded them. A malformed
 * escape is returned as it came; reference validation then rejects it with a 400.
 */
export function decodeParam(value: string): string {
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

/** Who is acting. Every action is "local" until users and sessions exist. */
export function getActor(_request: Request): string {
  return "local";
}
