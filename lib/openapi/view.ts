import type { RouteAccess } from "@/lib/http/contract";
import type { JsonSchema, OpenApiDocument, OpenApiMethod, OpenApiOperation, OpenApiResponse } from "@/lib/openapi/document";

/** One field of a body as people read it: name, type in words, constraints, nested fields. */
export type FieldView = {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** Constraints and defaults in words ("1–512 characters", "default 50"). */
  notes: string[];
  children: FieldView[];
};

/** A body: its type in words and, for an object (or a list or map of them), its fields. */
export type SchemaView = { type: string; description?: string; notes: string[]; fields: FieldView[] };

export type ParameterView = { name: string; in: "path" | "query"; required: boolean; type: string; description?: string; notes: string[] };

export type BodyView = {
  contentType: string;
  /** NDJSON: the schema is of one line. */
  lines: boolean;
  /** A stream whose last line may be the error (`{"error", "code", "status"}`). */
  endsWithErrorLine: boolean;
  schema: SchemaView | null;
};

export type ResponseView = { status: string; description: string; bodies: BodyView[] };

export type ErrorView = { status: string; codes: string[] };

export type OperationView = {
  id: string;
  method: Uppercase<OpenApiMethod>;
  path: string;
  summary: string;
  description?: string;
  access: RouteAccess;
  tag: string;
  parameters: ParameterView[];
  requestBody: { description?: string; required: boolean; bodies: BodyView[] } | null;
  responses: ResponseView[];
  errors: ErrorView[];
  /** Lower-case text the page's filter matches against. */
  searchText: string;
};

export type SectionView = { tag: string; operations: OperationView[] };

const STREAM_ERROR_REF = "#/components/schemas/StreamErrorLine";
const MAX_DEPTH = 12;

type Resolver = { schemas: Record<string, JsonSchema> };

function refName(ref: string): string {
  return ref.replace("#/components/schemas/", "");
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

function schemasIn(value: unknown): JsonSchema[] {
  return Array.isArray(value)
    ? value.flatMap((item: unknown) => {
        const schema = asSchema(item);
        return schema ? [schema] : [];
      })
    : [];
}

/** Follows `$ref`s and folds `allOf` into one object schema. Returns the names it went through. */
function flatten(schema: JsonSchema, resolver: Resolver, seen: readonly string[]): { schema: JsonSchema; names: string[] } {
  let current = schema;
  const names: string[] = [];
  while (typeof current.$ref === "string") {
    const name = refName(current.$ref);
    if (seen.includes(name) || names.includes(name)) return { schema: { "x-recursive": name }, names };
    names.push(name);
    const { $ref: _ref, ...siblings } = current;
    current = { ...(resolver.schemas[name] ?? {}), ...siblings };
  }
  const parts = schemasIn(current.allOf);
  if (parts.length === 0) return { schema: current, names };
  const { allOf: _allOf, ...rest } = current;
  const merged: JsonSchema = { ...rest };
  const properties: Record<string, JsonSchema> = { ...((rest.properties as Record<string, JsonSchema>) ?? {}) };
  const required = new Set<string>((rest.required as string[]) ?? []);
  for (const part of parts) {
    const flat = flatten(part, resolver, [...seen, ...names]);
    names.push(...flat.names);
    for (const [key, value] of Object.entries(flat.schema)) {
      if (key === "properties") {
        for (const [name, property] of Object.entries(value as Record<string, JsonSchema>)) {
          properties[name] = { ...(properties[name] ?? {}), ...property };
        }
      } else if (key === "required") for (const name of value as string[]) required.add(name);
      else merged[key] ??= value;
    }
  }
  return { schema: { ...merged, type: merged.type ?? "object", properties, required: [...required] }, names };
}

function quote(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

function range(min: unknown, max: unknown, unit: string): string | null {
  const low = typeof min === "number" ? min : null;
  const high = typeof max === "number" ? max : null;
  if (low === null && high === null) return null;
  if (low !== null && high !== null) return low === high ? `exactly ${low}${unit}` : `${low}–${high}${unit}`;
  return low !== null ? `at least ${low}${unit}` : `at most ${high}${unit}`;
}

function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) notes.push(`one of ${schema.enum.map(quote).join(", ")}`);
  const length = range(schema.minLength, schema.maxLength, " characters");
  if (length && !(schema.minLength === 1 && schema.maxLength === undefined)) notes.push(length);
  else if (length) notes.push("not empty");
  const size = range(schema.minimum ?? schema.exclusiveMinimum, schema.maximum ?? schema.exclusiveMaximum, "");
  if (size) notes.push(size);
  const items = range(schema.minItems, schema.maxItems, " items");
  if (items) notes.push(items);
  if (typeof schema.pattern === "string") notes.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`default ${quote(schema.default)}`);
  return notes;
}

type Described = { type: string; description?: string; notes: string[]; children: FieldView[] };

/** A schema in words: "string", "array of object", "map of string → number", "string | null". */
function describe(schema: JsonSchema, resolver: Resolver, seen: readonly string[], depth: number): Described {
  const { schema: flat, names } = flatten(schema, resolver, seen);
  const path = [...seen, ...names];
  const description = typeof flat.description === "string" ? flat.description : undefined;
  const notes = notesOf(flat);
  const base = { ...(description ? { description } : {}), notes };
  if (typeof flat["x-recursive"] === "string") return { type: `${flat["x-recursive"]} (as above)`, notes: [], children: [] };
  if (depth > MAX_DEPTH) return { type: "object", ...base, children: [] };

  const variants = schemasIn(flat.anyOf ?? flat.oneOf);
  if (variants.length > 0) {
    const described = variants.map((variant) => describe(variant, resolver, path, depth + 1));
    const withFields = described.filter((variant) => variant.children.length > 0);
    const children =
      withFields.length === 1
        ? withFields[0]!.children
        : withFields.map((variant, i) => ({
            name: `variant ${i + 1}`,
            type: variant.type,
            required: false,
            notes: variant.notes,
            children: variant.children,
          }));
    return { type: [...new Set(described.map((variant) => variant.type))].join(" | "), ...base, children };
  }
  if (flat.const !== undefined) return { type: quote(flat.const), ...base, children: [] };

  const types = Array.isArray(flat.type) ? (flat.type as string[]) : typeof flat.type === "string" ? [flat.type] : [];
  if (types.length > 1) {
    const described = types.map((type) => describe({ ...flat, type, description: undefined }, resolver, path, depth + 1));
    return {
      type: described.map((variant) => variant.type).join(" | "),
      ...base,
      children: described.flatMap((variant) => variant.children),
    };
  }
  const type = types[0];
  if (type === "array" || (!type && flat.items)) {
    const item = asSchema(flat.items);
    if (!item) return { type: "array", ...base, children: [] };
    const inner = describe(item, resolver, path, depth + 1);
    const itemNotes = inner.notes.map((note) => `each: ${note}`);
    return { type: `array of ${inner.type}`, ...base, notes: [...notes, ...itemNotes], children: inner.children };
  }
  const properties = asSchema(flat.properties) as Record<string, JsonSchema> | undefined;
  if (type === "object" || properties) {
    const required = new Set((flat.required as string[] | undefined) ?? []);
    const children = Object.entries(properties ?? {}).map(([name, property]) => {
      const inner = describe(property, resolver, path, depth + 1);
      return {
        name,
        type: inner.type,
        required: required.has(name),
        ...(inner.description ? { description: inner.description } : {}),
        notes: inner.notes,
        children: inner.children,
      };
    });
    const extra = asSchema(flat.additionalProperties);
    if (children.length === 0 && extra) {
      const inner = describe(extra, resolver, path, depth + 1);
      const keyType = asSchema(flat.propertyNames)?.type ?? "string";
      return { type: `map of ${String(keyType)} → ${inner.type}`, ...base, children: inner.children };
    }
    return { type: "object", ...base, children };
  }
  if (!type) return { type: "any", ...base, children: [] };
  const format = typeof flat.format === "string" ? ` (${flat.format})` : "";
  return { type: `${type}${format}`, ...base, children: [] };
}

/**
 * A JSON Schema from the API document in words, for people: the type, constraints and the
 * nested fields of objects, lists and maps. `$ref`s are followed (a recursive one once).
 *
 * @example viewSchema({ type: "object", properties: { id: { type: "string" } }, required: ["id"] }, document).fields[0]
 * // { name: "id", type: "string", required: true, notes: [], children: [] }
 */
export function viewSchema(schema: JsonSchema, document: Pick<OpenApiDocument, "components">): SchemaView {
  const described = describe(schema, { schemas: document.components.schemas }, [], 0);
  return {
    type: described.type,
    ...(described.description ? { description: described.description } : {}),
    notes: described.notes,
    fields: described.children,
  };
}

function bodiesOf(content: OpenApiResponse["content"], document: OpenApiDocument): BodyView[] {
  return Object.entries(content ?? {}).map(([contentType, media]) => {
    const lines = contentType === "application/x-ndjson";
    let schema = media.schema;
    let endsWithErrorLine = false;
    const variants = schemasIn(schema?.anyOf);
    if (lines && variants.some((variant) => variant.$ref === STREAM_ERROR_REF)) {
      endsWithErrorLine = true;
      const rest = variants.filter((variant) => variant.$ref !== STREAM_ERROR_REF);
      schema = rest.length === 1 ? rest[0] : { anyOf: rest };
    }
    return { contentType, lines, endsWithErrorLine, schema: schema ? viewSchema(schema, document) : null };
  });
}

function viewOperation(method: OpenApiMethod, path: string, operation: OpenApiOperation, document: OpenApiDocument): OperationView {
  const parameters = (operation.parameters ?? []).map((parameter) => {
    const described = viewSchema(parameter.schema, document);
    return {
      name: parameter.name,
      in: parameter.in,
      required: parameter.required,
      type: described.type,
      ...(parameter.description ? { description: parameter.description } : {}),
      notes: described.notes,
    };
  });
  const responses: ResponseView[] = [];
  const errors: ErrorView[] = [];
  for (const [status, response] of Object.entries(operation.responses)) {
    const codes = response["x-error-codes"];
    if (codes) errors.push({ status, codes });
    if (codes && !response["x-declared"]) continue;
    // A declared answer on an error status (the engine's 503 with its state) is shown as declared.
    const content = Object.fromEntries(
      Object.entries(response.content ?? {}).map(([type, media]) => {
        const variants = schemasIn(media.schema?.anyOf);
        return codes && type === "application/json" && variants.length === 2 ? [type, { schema: variants[0] }] : [type, media];
      }),
    );
    responses.push({ status, description: response.description, bodies: bodiesOf(content, document) });
  }
  const tag = operation.tags[0] ?? "api";
  const upper = method.toUpperCase() as Uppercase<OpenApiMethod>;
  return {
    id: operation.operationId,
    method: upper,
    path,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    access: operation["x-access"],
    tag,
    parameters,
    requestBody: operation.requestBody
      ? {
          ...(operation.requestBody.description ? { description: operation.requestBody.description } : {}),
          required: operation.requestBody.required,
          bodies: bodiesOf(operation.requestBody.content, document),
        }
      : null,
    responses,
    errors,
    searchText: [
      upper,
      path,
      operation.summary,
      operation.description ?? "",
      tag,
      operation["x-access"],
      ...errors.flatMap((error) => error.codes),
    ]
      .join(" ")
      .toLowerCase(),
  };
}

const METHOD_ORDER: readonly OpenApiMethod[] = ["get", "post", "put", "patch", "delete"];

/**
 * The API document as the API page shows it: sections by tag, each operation with its parameters,
 * bodies and responses in words.
 *
 * @example viewApiDocument(apiDocument())[0] // { tag: "audit", operations: [{ method: "GET", path: "/api/audit", ... }] }
 */
export function viewApiDocument(document: OpenApiDocument): SectionView[] {
  const sections = new Map<string, OperationView[]>(document.tags.map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHOD_ORDER) {
      const operation = item[method];
      if (!operation) continue;
      const view = viewOperation(method, path, operation, document);
      sections.set(view.tag, [...(sections.get(view.tag) ?? []), view]);
    }
  }
  return [...sections].filter(([, operations]) => operations.length > 0).map(([tag, operations]) => ({ tag, operations }));
}

/**
 * Operations whose method, path, summary, description, section, role or error codes contain every
 * word of the filter (case-insensitive).
 *
 * @example matchesFilter(operation, "post images") // true for POST /api/images/pull
 */
export function matchesFilter(operation: Pick<OperationView, "searchText">, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => operation.searchText.includes(word));
}

/**
 * A curl line that calls the operation, with shell variables for what the caller fills in:
 * `$DASHBOARD` (the dashboard's address), `$TOKEN` (an API token) and one per path parameter.
 *
 * @example curlCommandOf({ method: "DELETE", path: "/api/images/{ref}", access: "admin", requestBody: null })
 * // 'curl -sS -X DELETE -H "Authorization: Bearer $TOKEN" "$DASHBOARD/api/images/$REF"'
 */
export function curlCommandOf(operation: Pick<OperationView, "method" | "path" | "access" | "requestBody">): string {
  const parts = ["curl -sS"];
  if (operation.method !== "GET") parts.push(`-X ${operation.method}`);
  if (operation.access !== "public") parts.push('-H "Authorization: Bearer $TOKEN"');
  const body = operation.requestBody?.bodies[0];
  if (body?.schema) parts.push('-H "Content-Type: application/json" -d @body.json');
  else if (body)
    parts.push(`-H "Content-Type: ${body.contentType}" --data-binary @${body.contentType.includes("tar") ? "archive.tar" : "input"}`);
  const url = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => `$${name.replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`);
  parts.push(`"$DASHBOARD${url}"`);
  return parts.join(" ");
}
