import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import type { HttpMethod } from "@/lib/http/contract";
import type { JsonSchema, OpenApiDocument, OpenApiMethod, OpenApiOperation } from "@/lib/openapi/document";

/** Which documented answer a response is: the operation, and the status (the response's own by default). */
export type ResponseTarget = {
  method: HttpMethod | OpenApiMethod;
  /** The path template (`/api/images/{ref}`), or a concrete path (`/api/images/alpine%3A3`) to match against the templates. */
  path: string;
  status?: number;
};

const COMPONENTS_ID = "openapi-components.json";

/** Formats zod writes; anything else the document names is accepted as it is. */
const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+$/,
};

type Compiled = { ajv: Ajv2020; validators: Map<string, ValidateFunction> };
const compiled = new WeakMap<OpenApiDocument, Compiled>();

/** Points the document's `#/components/schemas/X` at the copy Ajv holds. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string" && inner.startsWith("#/components/schemas/")
        ? `${COMPONENTS_ID}#/$defs/${inner.slice("#/components/schemas/".length)}`
        : rebase(inner),
    ]),
  );
}

function formatsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const inner of value) formatsIn(inner, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "format" && typeof inner === "string") found.add(inner);
      else formatsIn(inner, found);
    }
  }
  return found;
}

function compilerFor(document: OpenApiDocument): Compiled {
  let entry = compiled.get(document);
  if (!entry) {
    // Not strict: the schemas come from zod and carry its annotations (`default`, descriptions).
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    for (const format of formatsIn(document)) ajv.addFormat(format, FORMATS[format] ?? true);
    ajv.addSchema({ $id: COMPONENTS_ID, $defs: rebase(document.components.schemas) as Record<string, JsonSchema> });
    entry = { ajv, validators: new Map() };
    compiled.set(document, entry);
  }
  return entry;
}

/** The document's path template for a path: itself, or the template it fills (literal segments win). */
function templateOf(document: OpenApiDocument, path: string): string | undefined {
  if (document.paths[path]) return path;
  const segments = path.split("?")[0]!.split("/");
  let best: { template: string; literal: number } | undefined;
  for (const template of Object.keys(document.paths)) {
    const parts = template.split("/");
    if (parts.length !== segments.length) continue;
    let literal = 0;
    const fits = parts.every((part, i) => {
      if (/^\{.+\}$/.test(part)) return segments[i] !== "";
      literal++;
      return part === segments[i];
    });
    if (fits && (!best || literal > best.literal)) best = { template, literal };
  }
  return best?.template;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || "(root)";
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") return `${where} has an undocumented property "${String(params.additionalProperty)}"`;
  if (error.keyword === "enum") return `${where} ${error.message}: ${JSON.stringify(params.allowedValues)}`;
  return `${where} ${error.message ?? error.keyword}`;
}

type Located = { operation: OpenApiOperation; label: string; status: number };

function locate(document: OpenApiDocument, target: ResponseTarget, status: number): Located | string {
  const method = target.method.toLowerCase() as OpenApiMethod;
  const label = `${method.toUpperCase()} ${target.path}`;
  const template = templateOf(document, target.path);
  const operation = template ? document.paths[template]?.[method] : undefined;
  if (!template || !operation) return `${label} is not in the API document`;
  return { operation, label: `${method.toUpperCase()} ${template}`, status };
}

/**
 * What is wrong with one body (parsed JSON; for NDJSON, one line) for a documented answer. Empty
 * when it matches. For a stream you read yourself (a followed log that never ends).
 *
 * @example
 * const target = { method: "GET", path: "/api/containers/{id}/logs", status: 200 } as const;
 * for (const line of lines) assert.deepEqual(findBodyProblems(document, target, "application/x-ndjson", line), []);
 */
export function findBodyProblems(
  document: OpenApiDocument,
  target: ResponseTarget & { status: number },
  contentType: string,
  body: unknown,
): string[] {
  const located = locate(document, target, target.status);
  if (typeof located === "string") return [located];
  const response = located.operation.responses[String(located.status)];
  if (!response) {
    const documented = Object.keys(located.operation.responses).join(", ");
    return [`${located.label} does not document status ${located.status} (it documents ${documented})`];
  }
  const media = response.content?.[contentType];
  if (!media) {
    const documented = Object.keys(response.content ?? {}).join(", ") || "no body";
    return [`${located.label} ${located.status} does not document ${contentType} (it documents ${documented})`];
  }
  if (!media.schema) return [];
  const { ajv, validators } = compilerFor(document);
  const key = `${located.label} ${located.status} ${contentType}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(media.schema) as JsonSchema);
    validators.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map(describeError);
}

/**
 * What is wrong with a response by the API document: its status, its content type, and its JSON
 * body (each line of an `application/x-ndjson` stream). Empty when it matches. Reads a clone, so
 * the caller can still read the body; the stream must end (see `findBodyProblems` otherwise).
 *
 * @example
 * const response = await GET(request, { params: Promise.resolve({ ref: "alpine:3" }) });
 * assert.deepEqual(await findResponseProblems(document, response, { method: "GET", path: "/api/images/{ref}" }), []);
 */
export async function findResponseProblems(document: OpenApiDocument, response: Response, target: ResponseTarget): Promise<string[]> {
  const status = target.status ?? response.status;
  const located = locate(document, target, status);
  if (typeof located === "string") return [located];
  const text = await response.clone().text();
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const documented = located.operation.responses[String(status)];
  if (text === "" && documented && !documented.content) return [];
  if (contentType === "application/x-ndjson") {
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    return lines.flatMap((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return [`line ${i + 1} is not JSON: ${line.slice(0, 80)}`];
      }
      return findBodyProblems(document, { ...target, status }, contentType, value).map((problem) => `line ${i + 1}: ${problem}`);
    });
  }
  if (contentType === "application/json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return [`${located.label} ${status}: the body is not JSON: ${text.slice(0, 80)}`];
    }
    return findBodyProblems(document, { ...target, status }, contentType, value);
  }
  // A download or plain text: only its type can be checked.
  return findBodyProblems(document, { ...target, status }, contentType || "(no content type)", undefined);
}

/**
 * Throws, listing every problem, when a response does not match the API document (see
 * `findResponseProblems`). For the HTTP tests: each answer they get is also checked against the
 * document that `GET /api/openapi.json` serves.
 *
 * @example
 * // in-process, with the document built from the route index
 * const document = await loadApiDocument(); // lib/testing/api-document.ts
 * await assertResponseMatches(document, response, { method: "GET", path: "/api/images" });
 * @example
 * // against a running server, with the document it serves
 * const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as OpenApiDocument;
 * await assertResponseMatches(document, await fetch(`${baseUrl}/api/images/alpine%3A3`, { headers }), { method: "GET", path: "/api/images/{ref}" });
 */
export async function assertResponseMatches(document: OpenApiDocument, response: Response, target: ResponseTarget): Promise<void> {
  const problems = await findResponseProblems(document, response, target);
  if (problems.length > 0) {
    throw new Error(
      `${target.method.toUpperCase()} ${target.path} answered ${target.status ?? response.status}, not as documented:\n  ${problems.join("\n  ")}`,
    );
  }
}
