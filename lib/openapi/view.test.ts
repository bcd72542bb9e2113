import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { defineContract, streamedOperation } from "@/lib/http/contract";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { curlCommandOf, matchesFilter, viewApiDocument, viewSchema, type FieldView } from "@/lib/openapi/view";

type TreeNode = { name: string; children: TreeNode[] };
const treeSchema: z.ZodType<TreeNode> = z.lazy(() => z.object({ name: z.string(), children: z.array(treeSchema) }));

const document = buildOpenApiDocument(
  [
    defineContract({
      method: "GET",
      path: "/api/things/{id}",
      summary: "A thing",
      access: "viewer",
      params: z.object({ id: z.string().min(1).max(64).meta({ description: "its ID" }) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      responses: {
        200: z.object({
          id: z.string(),
          created: z.iso.datetime(),
          parent: z.string().nullable(),
          tags: z.array(z.object({ key: z.string(), value: z.string().optional() })),
          labels: z.record(z.string(), z.number()),
          kind: z.enum(["a", "b"]),
          tree: treeSchema,
        }),
      },
      errors: ["not_found:image"],
    }),
    defineContract({
      method: "POST",
      path: "/api/things/pull",
      summary: "Pull a thing",
      access: "operator",
      body: z.object({ reference: z.string().min(1) }),
      responses: { 200: streamedOperation("Pulled", z.object({ id: z.string() }), z.object({ status: z.string() })) },
    }),
    defineContract({
      method: "GET",
      path: "/api/engine",
      summary: "Engine",
      access: "viewer",
      responses: {
        200: z.object({ reachable: z.boolean() }),
        503: { description: "Not reachable", schema: z.object({ reachable: z.boolean() }) },
      },
    }),
  ],
  { engineSections: ["things", "engine"] },
);
const sections = viewApiDocument(document);
const operation = (path: string, method: string) =>
  sections.flatMap((section) => section.operations).find((op) => op.path === path && op.method === method)!;
const field = (fields: FieldView[], name: string) => fields.find((candidate) => candidate.name === name)!;

test("sections follow the tags; operations carry their method, path, role and summary", () => {
  assert.deepEqual(
    sections.map((section) => [section.tag, section.operations.map((op) => `${op.method} ${op.path}`)]),
    [
      ["engine", ["GET /api/engine"]],
      ["things", ["GET /api/things/{id}", "POST /api/things/pull"]],
    ],
  );
  const get = operation("/api/things/{id}", "GET");
  assert.equal(get.access, "viewer");
  assert.equal(get.id, "getThingsById");
});

test("parameters in words", () => {
  assert.deepEqual(operation("/api/things/{id}", "GET").parameters, [
    { name: "id", in: "path", required: true, type: "string", description: "its ID", notes: ["1–64 characters"] },
    { name: "limit", in: "query", required: false, type: "integer", notes: ["1–500", "default 50"] },
  ]);
});

test("a response body as nested fields: nullable, lists of objects, maps, enums, formats, recursion", () => {
  const body = operation("/api/things/{id}", "GET").responses[0]!.bodies[0]!;
  assert.equal(body.contentType, "application/json");
  const fields = body.schema!.fields;
  assert.equal(field(fields, "created").type, "string (date-time)");
  assert.equal(field(fields, "parent").type, "string | null");
  const tags = field(fields, "tags");
  assert.equal(tags.type, "array of object");
  assert.deepEqual(
    tags.children.map((child) => [child.name, child.required]),
    [
      ["key", true],
      ["value", false],
    ],
  );
  assert.equal(field(fields, "labels").type, "map of string → number");
  assert.deepEqual(field(fields, "kind").notes, ['one of "a", "b"']);
  const tree = field(fields, "tree");
  assert.equal(tree.type, "object");
  const children = field(tree.children, "children");
  assert.match(children.type, /^array of .* \(as above\)$/);
  assert.deepEqual(children.children, []);
});

test("a stream's line schema, without the error line it may end with", () => {
  const [json, lines] = operation("/api/things/pull", "POST").responses[0]!.bodies;
  assert.equal(json!.contentType, "application/json");
  assert.equal(lines!.contentType, "application/x-ndjson");
  assert.equal(lines!.lines, true);
  assert.equal(lines!.endsWithErrorLine, true);
  assert.deepEqual(
    lines!.schema!.fields.map((line) => line.name),
    ["status"],
  );
  assert.deepEqual(operation("/api/things/pull", "POST").requestBody!.bodies[0]!.schema!.fields[0]!.notes, ["not empty"]);
});

test("error codes by status, and a declared answer on an error status stays an answer", () => {
  const get = operation("/api/things/{id}", "GET");
  assert.deepEqual(get.errors, [
    { status: "400", codes: ["bad_request:params", "bad_request:query"] },
    { status: "401", codes: ["unauthorized:session"] },
    { status: "404", codes: ["not_found:image"] },
    { status: "500", codes: ["internal"] },
    { status: "503", codes: ["unavailable:engine"] },
  ]);
  assert.deepEqual(
    get.responses.map((response) => response.status),
    ["200"],
  );
  const engine = operation("/api/engine", "GET");
  assert.deepEqual(
    engine.responses.map((response) => [response.status, response.description, response.bodies[0]!.schema!.fields[0]!.name]),
    [
      ["200", "OK", "reachable"],
      ["503", "Not reachable", "reachable"],
    ],
  );
  assert.ok(engine.errors.some((error) => error.status === "503"));
});

test("the filter matches every word anywhere in the operation", () => {
  const pull = operation("/api/things/pull", "POST");
  assert.equal(matchesFilter(pull, "post things"), true);
  assert.equal(matchesFilter(pull, "  PULL  operator "), true);
  assert.equal(matchesFilter(pull, "delete"), false);
  assert.equal(matchesFilter(operation("/api/things/{id}", "GET"), "not_found:image"), true);
  assert.equal(matchesFilter(pull, ""), true);
});

test("a schema that is not an object is described in one line", () => {
  assert.deepEqual(viewSchema({ type: "array", items: { type: "string" }, maxItems: 3 }, document), {
    type: "array of string",
    notes: ["at most 3 items"],
    fields: [],
  });
  assert.deepEqual(viewSchema({}, document), { type: "any", notes: [], fields: [] });
});

test("a curl line for each operation, with shell variables to fill in", () => {
  assert.equal(
    curlCommandOf(operation("/api/things/{id}", "GET")),
    'curl -sS -H "Authorization: Bearer $TOKEN" "$DASHBOARD/api/things/$ID"',
  );
  assert.equal(
    curlCommandOf(operation("/api/things/pull", "POST")),
    'curl -sS -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d @body.json "$DASHBOARD/api/things/pull"',
  );
  assert.equal(
    curlCommandOf({
      method: "POST",
      path: "/api/upload",
      access: "public",
      requestBody: { required: true, bodies: [{ contentType: "application/x-tar", lines: false, endsWithErrorLine: false, schema: null }] },
    }),
    'curl -sS -X POST -H "Content-Type: application/x-tar" --data-binary @archive.tar "$DASHBOARD/api/upload"',
  );
});
