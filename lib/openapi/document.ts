import { z } from "zod";
import { SESSION_COOKIE_NAME } from "@/lib/auth/cookie-name";
import { ROLES } from "@/lib/auth/roles";
import type { ErrorCode } from "@/lib/errors";
import { isEngineScoped, type HttpMethod, type ResponseSpec, type RouteAccess, type RouteContract } from "@/lib/http/contract";
import { httpStatusOfCode } from "@/lib/http/errors";

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = { [keyword: string]: unknown };

export type OpenApiParameter = {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
};

/** One body format. Binary formats (an archive download) carry no schema. */
export type OpenApiMediaType = { schema?: JsonSchema };

export type OpenApiResponse = {
  description: string;
  content?: Record<string, OpenApiMediaType>;
  /** The error codes this status stands for, when it is an error answer. */
  "x-error-codes"?: string[];
  /** On an error status: the route also declares this status as an answer of its own. */
  "x-declared"?: true;
};

export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Empty on public routes: they are open without a session or a token. */
  security: Record<string, string[]>[];
  /** Who may call it: "public", or the lowest role that may. */
  "x-access": RouteAccess;
  parameters?: OpenApiParameter[];
  requestBody?: { description?: string; required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
};

export type OpenApiMethod = Lowercase<HttpMethod>;

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description?: string };
  jsonSchemaDialect: string;
  tags: { name: string }[];
  paths: Record<string, Partial<Record<OpenApiMethod, OpenApiOperation>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
};

export type DocumentOptions = {
  title?: string;
  version?: string;
  description?: string;
  /** Path sections (the segment after `/api/`) whose routes talk to the engine and so may answer 503. */
  engineSections?: readonly string[];
};

const DEFAULT_ENGINE_SECTIONS = ["images", "containers", "exec", "engine"];

export const ERROR_BODY_REF = "#/components/schemas/ErrorBody";

/** The error body every route answers with, as `lib/http/errors.ts` writes it. */
const ERROR_BODY_SCHEMA: JsonSchema = {
  type: "object",
  description: 'Every error answer: `{"error": "<message>", "code": "type:surface", ...details}`. Clients read `error`.',
  properties: {
    error: { type: "string", description: "What went wrong, as a sentence for people." },
    code: { type: "string", pattern: "^(internal|[a-z_]+:[a-z_]+)$", description: "`type:surface`; the type decides the HTTP status." },
    fields: {
      type: "array",
      description: "On a 400 for bad input: each bad field.",
      items: { $ref: "#/components/schemas/FieldProblem" },
    },
    requestId: { type: "string", description: "On a 500: finds the server log line with the details." },
  },
  required: ["error", "code"],
  additionalProperties: true,
};

const FIELD_PROBLEM_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    path: { type: "string", description: 'The field, dotted ("changes.0"); empty for the whole input.' },
    message: { type: "string" },
  },
  required: ["path", "message"],
};

/** The last line of a stream that failed after it started: the error body and the status it would have had. */
const STREAM_ERROR_LINE_SCHEMA: JsonSchema = {
  allOf: [{ $ref: ERROR_BODY_REF }, { properties: { status: { type: "integer" } }, required: ["status"] }],
};

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No content",
  400: "Bad request",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  422: "Unprocessable",
  429: "Too many requests",
  500: "Internal error",
  502: "Upstream failure",
  503: "Unavailable",
};

const SAFE_METHODS: readonly HttpMethod[] = ["GET"];

function pascal(word: string): string {
  return word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/**
 * A stable operation ID from the method and path.
 *
 * @example operationIdOf("DELETE", "/api/images/{ref}") // "deleteImagesByRef"
 */
export function operationIdOf(method: HttpMethod, path: string): string {
  const segments = path.split("/").filter(Boolean).slice(1);
  const words = segments.map((segment) => (segment.startsWith("{") ? `By${pascal(segment)}` : pascal(segment)));
  return method.toLowerCase() + words.join("");
}

/**
 * The section a path belongs to, used as its tag: the segment after `/api/`.
 *
 * @example sectionOf("/api/images/{ref}/push") // "images"
 */
export function sectionOf(path: string): string {
  return path.split("/")[2] ?? "api";
}

/** The `{name}` placeholders of a path template, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** Collects the component schemas while the operations are written. */
class SchemaWriter {
  readonly components: Record<string, JsonSchema> = {
    ErrorBody: ERROR_BODY_SCHEMA,
    FieldProblem: FIELD_PROBLEM_SCHEMA,
    StreamErrorLine: STREAM_ERROR_LINE_SCHEMA,
  };

  /**
   * The JSON Schema of a zod schema, as a request (`input`: before defaults and transforms) or a
   * response (`output`) sees it. Types JSON cannot express (a Date, a transform's result) become
   * `{}`; `$defs` (schemas with a `.meta({ id })`, recursive ones) move to `components.schemas`.
   */
  write(schema: z.ZodType, io: "input" | "output", owner: string): JsonSchema {
    const generated = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = generated;
    const renamed = new Map<string, string>();
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    for (const [name, def] of Object.entries(defs)) {
      // zod names anonymous (recursive) definitions __schema0, __schema1… in every call.
      const base = name.startsWith("__") ? `${pascal(owner)}${pascal(name)}` : name;
      renamed.set(name, this.place(base, def, io));
    }
    // A schema that refers to itself as a whole (`"$ref": "#"`) must live in components too.
    const selfReferencing = JSON.stringify(root).includes('"$ref":"#"');
    const selfName = selfReferencing ? `${pascal(owner)}${io === "input" ? "Input" : ""}` : null;
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== "object") return value;
      const out: JsonSchema = {};
      for (const [key, inner] of Object.entries(value)) {
        if (key === "$ref" && typeof inner === "string") {
          if (inner === "#" && selfName) out[key] = `#/components/schemas/${selfName}`;
          else if (inner.startsWith("#/$defs/")) out[key] = `#/components/schemas/${renamed.get(inner.slice(8)) ?? inner.slice(8)}`;
          else out[key] = inner;
        } else out[key] = rewrite(inner);
      }
      return out;
    };
    for (const [name, placed] of renamed) this.components[placed] = rewrite(defs[name]) as JsonSchema;
    const written = rewrite(root) as JsonSchema;
    if (!selfName) return written;
    this.components[selfName] = written;
    return { $ref: `#/components/schemas/${selfName}` };
  }

  /** A free component name: the same name when an identical schema is there already. */
  private place(base: string, def: JsonSchema, io: "input" | "output"): string {
    const text = JSON.stringify(def);
    const candidates = [base, `${base}${io === "input" ? "Input" : "Output"}`];
    for (let n = 2; candidates.length < 50; n++) candidates.push(`${base}${n}`);
    for (const name of candidates) {
      const existing = this.components[name];
      if (existing === undefined || JSON.stringify(existing) === text) return name;
    }
    throw new Error(`Too many different schemas named ${base}`);
  }
}

function parametersOf(contract: RouteContract, writer: SchemaWriter, owner: string): OpenApiParameter[] {
  const parameters: OpenApiParameter[] = [];
  const fromSchema = (schema: z.ZodType | undefined, location: "path" | "query") => {
    if (!schema) return;
    const json = writer.write(schema, "input", `${owner}-${location}`);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: location,
        required: location === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  };
  fromSchema(contract.params, "path");
  // Every placeholder must be declared, even when the route validates none of them.
  for (const name of pathParamNames(contract.path)) {
    if (!parameters.some((parameter) => parameter.in === "path" && parameter.name === name)) {
      parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
    }
  }
  fromSchema(contract.query, "query");
  // route() reads `?engine=` on every request, before the contract's own query schema.
  if (isEngineScoped(contract.path) && !parameters.some((parameter) => parameter.in === "query" && parameter.name === "engine")) {
    parameters.push({
      name: "engine",
      in: "query",
      required: false,
      description:
        "The engine to work on, by id (`GET /api/engines` lists them); the default engine (DOCKER_HOST's) when absent. An unknown id is a 404.",
      schema: { type: "string", maxLength: 64 },
    });
  }
  return parameters;
}

function requestBodyOf(contract: RouteContract, writer: SchemaWriter, owner: string): OpenApiOperation["requestBody"] {
  if (contract.body) {
    return {
      // The route reads an empty body as `undefined`, which only an optional schema accepts.
      required: !contract.body.safeParse(undefined).success,
      content: { "application/json": { schema: writer.write(contract.body, "input", `${owner}-body`) } },
    };
  }
  if (contract.rawBody) {
    return {
      description: contract.rawBody.description,
      required: true,
      content: Object.fromEntries(contract.rawBody.contentTypes.map((type) => [type, {}])),
    };
  }
  return undefined;
}

function successResponseOf(status: number, spec: ResponseSpec, writer: SchemaWriter, owner: string): OpenApiResponse {
  const name = `${owner}-${status}`;
  if (isZodSchema(spec)) {
    return {
      description: STATUS_TEXT[status] ?? String(status),
      content: { "application/json": { schema: writer.write(spec, "output", name) } },
    };
  }
  const content: Record<string, OpenApiMediaType> = {};
  if (spec.schema) content["application/json"] = { schema: writer.write(spec.schema, "output", name) };
  // OpenAPI 3.1 has no keyword for a stream of JSON values: the schema describes one line. A stream
  // that fails after it started cannot change its status, so its last line may be the error.
  if (spec.ndjson) {
    const line = writer.write(spec.ndjson, "output", `${name}-line`);
    content["application/x-ndjson"] = { schema: { anyOf: [line, { $ref: "#/components/schemas/StreamErrorLine" }] } };
  }
  if (spec.contentType) content[spec.contentType] = {};
  return { description: spec.description, ...(Object.keys(content).length > 0 ? { content } : {}) };
}

/**
 * The error codes a route can answer with: its declared ones, plus those `route()` and the engine
 * adapter produce for every route of its kind.
 */
export function errorCodesOf(contract: RouteContract, engineSections: readonly string[] = DEFAULT_ENGINE_SECTIONS): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (contract.params) codes.add("bad_request:params");
  if (contract.query) codes.add("bad_request:query");
  if (contract.body || contract.rawBody?.contentTypes.includes("application/json")) codes.add("bad_request:body");
  if (contract.access !== "public") codes.add("unauthorized:session");
  // The lowest role is every caller's, so only routes above it can refuse a role.
  if (contract.access !== "public" && contract.access !== ROLES[0]) codes.add("forbidden:role");
  if (!SAFE_METHODS.includes(contract.method)) codes.add("forbidden:origin");
  for (const code of contract.errors ?? []) codes.add(code);
  if (engineSections.includes(sectionOf(contract.path))) codes.add("unavailable:engine");
  if (isEngineScoped(contract.path)) codes.add("not_found:engine");
  codes.add("internal");
  return [...codes];
}

function errorResponsesOf(codes: readonly ErrorCode[]): Map<number, OpenApiResponse> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = httpStatusOfCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = new Map<number, OpenApiResponse>();
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses.set(status, {
      description: `${STATUS_TEXT[status] ?? "Error"}: ${statusCodes.join(", ")}`,
      content: { "application/json": { schema: errorSchemaFor(statusCodes) } },
      "x-error-codes": statusCodes,
    });
  }
  return responses;
}

function errorSchemaFor(codes: readonly string[]): JsonSchema {
  return { allOf: [{ $ref: ERROR_BODY_REF }, { properties: { code: { enum: [...codes] } } }] };
}

/**
 * A declared answer and an error answer on one status (the engine's 503 with its state): either
 * JSON body (the declared one first). It keeps the declared description; the codes say the rest.
 */
function mergeResponses(declared: OpenApiResponse, error: OpenApiResponse): OpenApiResponse {
  const json = declared.content?.["application/json"]?.schema;
  const errorJson = error.content?.["application/json"]?.schema;
  const content = { ...declared.content };
  if (json && errorJson) content["application/json"] = { schema: { anyOf: [json, errorJson] } };
  else if (errorJson) content["application/json"] = { schema: errorJson };
  return { description: declared.description, content, "x-error-codes": error["x-error-codes"], "x-declared": true };
}

function securityOf(access: RouteAccess): Record<string, string[]>[] {
  return access === "public" ? [] : [{ session: [] }, { bearerToken: [] }];
}

/**
 * The OpenAPI 3.1 document of a set of route contracts. Pure: the same contracts give the same
 * document. Paths are written in full (`/api/images/{ref}`) and there is no `servers` prefix.
 * Throws when two contracts claim the same method and path.
 *
 * @example
 * const document = buildOpenApiDocument([getImageContract, removeImageContract], { version: "1.0.0" });
 * document.paths["/api/images/{ref}"]?.get?.operationId // "getImagesByRef"
 */
export function buildOpenApiDocument(contracts: readonly RouteContract[], options: DocumentOptions = {}): OpenApiDocument {
  const writer = new SchemaWriter();
  const paths: OpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  const sorted = [...contracts].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const contract of sorted) {
    const method = contract.method.toLowerCase() as OpenApiMethod;
    const item = (paths[contract.path] ??= {});
    if (item[method]) throw new Error(`Two routes declare ${contract.method} ${contract.path}`);
    const operationId = operationIdOf(contract.method, contract.path);
    const section = sectionOf(contract.path);
    tags.add(section);

    const responses: Record<string, OpenApiResponse> = {};
    const errors = errorResponsesOf(errorCodesOf(contract, options.engineSections));
    for (const [status, spec] of Object.entries(contract.responses)) {
      if (!spec) continue;
      const declared = successResponseOf(Number(status), spec, writer, operationId);
      const error = errors.get(Number(status));
      responses[status] = error ? mergeResponses(declared, error) : declared;
    }
    for (const [status, response] of errors) responses[String(status)] ??= response;

    const parameters = parametersOf(contract, writer, operationId);
    const requestBody = requestBodyOf(contract, writer, operationId);
    item[method] = {
      operationId,
      summary: contract.summary,
      ...(contract.description ? { description: contract.description } : {}),
      tags: [section],
      security: securityOf(contract.access),
      "x-access": contract.access,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "Docker image dashboard API",
      version: options.version ?? "0.0.0",
      ...(options.description ? { description: options.description } : {}),
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: writer.components,
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE_NAME, description: "Set by POST /api/auth/login." },
        bearerToken: { type: "http", scheme: "bearer", description: "An API token (Tokens page); it acts with its own role." },
      },
    },
  };
}
