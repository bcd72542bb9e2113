import type { z } from "zod";
import { BadRequestError, type ErrorSurface } from "@/lib/errors";

/** One problem with the input, as the 400 body lists it: `{"fields": [{"path": "tag", "message": "..."}]}`. */
export type FieldProblem = { path: string; message: string };

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)).join("; ");
}

const SURFACE_TITLES: Partial<Record<ErrorSurface, string>> = {
  body: "Invalid request body",
  query: "Invalid query",
  params: "Invalid path parameter",
};

/**
 * Validates `value` against `schema`; a mismatch is a 400 that names each bad field, in the message
 * and as `fields` in the body.
 *
 * @example const query = parseInput(imageListQuerySchema, searchParamsObject(url.searchParams), "query")
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, surface: ErrorSurface): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldProblems(result.error);
  throw new BadRequestError(surface, `${SURFACE_TITLES[surface] ?? "Invalid input"}: ${describeProblems(fields)}`, { details: { fields } });
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * Query parameters as a plain object for a zod schema: empty values are left out (an empty form
 * field means "not given"), a repeated key becomes an array. Takes a URL's params or a page's
 * `searchParams`, so a page and its API read the same query with the same schema.
 */
export function searchParamsObject(params: SearchParamsLike): Record<string, string | string[]> {
  const entries: [string, string][] =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).flatMap(([key, value]) => [value ?? []].flat().map((one): [string, string] => [key, one]));
  const object: Record<string, string | string[]> = {};
  for (const [key, value] of entries) {
    if (value === "") continue;
    const existing = object[key];
    object[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return object;
}

/**
 * A page's search params read with its API's query schema. A page never answers 400 for a hand-edited
 * address: what does not parse is dropped, and the rest is kept.
 */
export function parsePageQuery<S extends z.ZodObject>(schema: S, params: SearchParamsLike): z.output<S> {
  const raw = searchParamsObject(params);
  const whole = schema.safeParse(raw);
  if (whole.success) return whole.data;
  const bad = new Set(whole.error.issues.map((issue) => String(issue.path[0])));
  const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const partial = schema.safeParse(kept);
  return partial.success ? partial.data : schema.parse({});
}

/**
 * Route params arrive percent-decoded or not depending on how the client encoded them. A malformed
 * escape is returned as it came; validation then rejects it with a 400.
 */
export function decodeParam(value: string): string {
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}
