import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { defineContract, streamedOperation } from "@/lib/http/contract";
import { queryFlag } from "@/lib/http/query-flags";
import { buildOpenApiDocument, errorCodesOf, operationIdOf, type JsonSchema } from "@/lib/openapi/document";

const widgetSchema = z.object({
  id: z.string(),
  size: z.number(),
  created: z.date(),
  labels: z.record(z.string(), z.string()),
});

const getWidget = defineContract({
  method: "GET",
  path: "/api/widgets/{id}",
  summary: "A widget",
  description: "The widget in detail.",
  access: "viewer",
  params: z.object({ id: z.string().min(1).meta({ description: "the widget's ID" }) }),
  query: z.object({ verbose: queryFlag.optional(), limit: z.coerce.number().int().max(500).default(50) }),
  responses: { 200: widgetSchema },
  errors: ["not_found:image"],
});

const removeWidget = defineContract({
  method: "DELETE",
  path: "/api/widgets/{id}",
  summary: "Remove a widget",
  access: "admin",
  responses: { 204: { description: "Removed" } },
  errors: ["conflict:image"],
});

const pullWidget = defineContract({
  method: "POST",
  path: "/api/widgets/pull",
  summary: "Pull a widget",
  access: "operator",
  body: z.object({ reference: z.string().min(1), force: z.boolean().default(false) }),
  responses: { 200: streamedOperation("The pulled widget", widgetSchema, z.object({ status: z.string() })) },
});

const uploadWidget = defineContract({
  method: "POST",
  path: "/api/widgets/upload",
  summary: "Upload a widget",
  access: "operator",
  rawBody: { description: "The archive", contentTypes: ["application/x-tar", "application/gzip"] },
  responses: { 201: { description: "Stored", contentType: "text/plain" } },
});

const signIn = defineContract({
  method: "POST",
  path: "/api/session",
  summary: "Sign in",
  access: "public",
  body: z.object({ username: z.string(), password: z.string() }),
  responses: { 200: z.object({ expiresAt: z.string() }) },
  errors: ["unauthorized:login", "throttled:login"],
});

type TreeNode = { name: string; children: TreeNode[] };
const treeSchema: z.ZodType<TreeNode> = z.lazy(() => z.object({ name: z.string(), children: z.array(treeSchema) }));
const getTree = defineContract({
  method: "GET",
  path: "/api/trees",
  summary: "A recursive answer",
  access: "viewer",
  responses: { 200: z.object({ root: treeSchema }) },
});

const document = buildOpenApiDocument([getWidget, removeWidget, pullWidget, uploadWidget, signIn, getTree], {
  engineSections: ["widgets"],
});

function refTarget(ref: unknown): JsonSchema {
  assert.equal(typeof ref, "string");
  const name = (ref as string).replace("#/components/schemas/", "");
  const schema = document.components.schemas[name];
  assert.ok(schema, `${String(ref)} resolves`);
  return schema;
}

test("paths are written in full, with an operation per method and a tag per section", () => {
  assert.equal(document.openapi, "3.1.0");
  assert.equal("servers" in document, false);
  assert.deepEqual(Object.keys(document.paths).sort(), [
    "/api/session",
    "/api/trees",
    "/api/widgets/pull",
    "/api/widgets/upload",
    "/api/widgets/{id}",
  ]);
  const item = document.paths["/api/widgets/{id}"]!;
  assert.deepEqual(Object.keys(item).sort(), ["delete", "get"]);
  assert.equal(item.get!.operationId, "getWidgetsById");
  assert.equal(item.get!.summary, "A widget");
  assert.equal(item.get!.description, "The widget in detail.");
  assert.deepEqual(item.get!.tags, ["widgets"]);
  assert.deepEqual(
    document.tags.map((tag) => tag.name),
    ["session", "trees", "widgets"],
  );
  assert.equal(operationIdOf("POST", "/api/containers/{id}/{action}"), "postContainersByIdByAction");
});

test("public routes need no credentials; the others take a session cookie or a bearer token", () => {
  assert.deepEqual(document.paths["/api/session"]!.post!.security, []);
  assert.equal(document.paths["/api/session"]!.post!["x-access"], "public");
  assert.deepEqual(document.paths["/api/widgets/{id}"]!.get!.security, [{ session: [] }, { bearerToken: [] }]);
  assert.equal(document.paths["/api/widgets/{id}"]!.delete!["x-access"], "admin");
  assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), ["bearerToken", "session"]);
});

test("parameters come from the params and query schemas, as a request sends them", () => {
  const parameters = document.paths["/api/widgets/{id}"]!.get!.parameters!;
  const byName = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter]));
  assert.deepEqual(byName.id, {
    name: "id",
    in: "path",
    required: true,
    description: "the widget's ID",
    schema: { type: "string", minLength: 1 },
  });
  // The flag's input is its text, not the boolean it becomes; a defaulted parameter is optional.
  assert.equal(byName.verbose!.in, "query");
  assert.equal(byName.verbose!.required, false);
  assert.deepEqual(new Set(byName.verbose!.schema.enum as string[]), new Set(["true", "false", "1", "0"]));
  assert.equal(byName.limit!.required, false);
  assert.equal(byName.limit!.schema.maximum, 500);
  // A placeholder without a params schema is still declared.
  assert.deepEqual(document.paths["/api/widgets/{id}"]!.delete!.parameters, [
    { name: "id", in: "path", required: true, schema: { type: "string" } },
  ]);
});

test("request bodies: a JSON schema, or the raw body's content types", () => {
  const json = document.paths["/api/widgets/pull"]!.post!.requestBody!;
  assert.equal(json.required, true);
  const schema = json.content["application/json"]!.schema!;
  assert.deepEqual(schema.required, ["reference"], "a defaulted field is optional on input");
  const raw = document.paths["/api/widgets/upload"]!.post!.requestBody!;
  assert.equal(raw.description, "The archive");
  assert.deepEqual(Object.keys(raw.content), ["application/x-tar", "application/gzip"]);
});

test("responses: JSON as the route answers it, NDJSON lines, other content types", () => {
  const ok = document.paths["/api/widgets/{id}"]!.get!.responses["200"]!;
  const schema = ok.content!["application/json"]!.schema!;
  assert.equal(schema.type, "object");
  assert.deepEqual(schema.required, ["id", "size", "created", "labels"]);
  assert.deepEqual((schema.properties as Record<string, JsonSchema>).created, {}, "a Date has no JSON Schema: any");

  const streamed = document.paths["/api/widgets/pull"]!.post!.responses["200"]!;
  assert.equal(streamed.description, "The pulled widget");
  assert.ok(streamed.content!["application/json"]);
  const line = streamed.content!["application/x-ndjson"]!.schema!;
  assert.deepEqual((line.anyOf as JsonSchema[])[1], { $ref: "#/components/schemas/StreamErrorLine" });

  assert.deepEqual(document.paths["/api/widgets/upload"]!.post!.responses["201"], { description: "Stored", content: { "text/plain": {} } });
  assert.deepEqual(document.paths["/api/widgets/{id}"]!.delete!.responses["204"], { description: "Removed" });
});

test("error answers: the declared codes and the ones every route of its kind can give, by status", () => {
  const codes = (operation: { responses: Record<string, { "x-error-codes"?: string[] }> }) =>
    Object.fromEntries(
      Object.entries(operation.responses)
        .filter(([, response]) => response["x-error-codes"])
        .map(([status, response]) => [status, response["x-error-codes"]]),
    );
  assert.deepEqual(codes(document.paths["/api/widgets/{id}"]!.get!), {
    "400": ["bad_request:params", "bad_request:query"],
    "401": ["unauthorized:session"],
    "404": ["not_found:image"],
    "500": ["internal"],
    "503": ["unavailable:engine"],
  });
  // An admin route can refuse the role; a mutation refuses other origins.
  assert.deepEqual(codes(document.paths["/api/widgets/{id}"]!.delete!), {
    "401": ["unauthorized:session"],
    "403": ["forbidden:role", "forbidden:origin"],
    "409": ["conflict:image"],
    "500": ["internal"],
    "503": ["unavailable:engine"],
  });
  // Public: no 401 from route(); its own 401 and 429 are there. Not an engine section: no 503.
  assert.deepEqual(codes(document.paths["/api/session"]!.post!), {
    "400": ["bad_request:body"],
    "401": ["unauthorized:login"],
    "403": ["forbidden:origin"],
    "429": ["throttled:login"],
    "500": ["internal"],
  });
  const notFound = document.paths["/api/widgets/{id}"]!.get!.responses["404"]!.content!["application/json"]!.schema!;
  assert.deepEqual(notFound, {
    allOf: [{ $ref: "#/components/schemas/ErrorBody" }, { properties: { code: { enum: ["not_found:image"] } } }],
  });
  assert.deepEqual((document.components.schemas.ErrorBody!.required as string[]).sort(), ["code", "error"]);
  assert.deepEqual(errorCodesOf(getWidget, []).includes("unavailable:engine"), false);
});

test("a declared status that is also an error status answers either body", () => {
  const engine = defineContract({
    method: "GET",
    path: "/api/engine",
    summary: "Engine",
    access: "viewer",
    responses: { 200: z.object({ reachable: z.boolean() }), 503: z.object({ reachable: z.boolean() }) },
  });
  const merged = buildOpenApiDocument([engine]).paths["/api/engine"]!.get!.responses["503"]!;
  const anyOf = merged.content!["application/json"]!.schema!.anyOf as JsonSchema[];
  assert.equal(anyOf.length, 2);
  assert.deepEqual(merged["x-error-codes"], ["unavailable:engine"]);
});

test("recursive schemas move to components, named after their operation", () => {
  const schema = document.paths["/api/trees"]!.get!.responses["200"]!.content!["application/json"]!.schema!;
  const root = (schema.properties as Record<string, JsonSchema>).root!;
  const tree = refTarget(root.$ref);
  const children = (tree.properties as Record<string, JsonSchema>).children!;
  assert.equal((children.items as JsonSchema).$ref, root.$ref);
  assert.match(String(root.$ref), /^#\/components\/schemas\/GetTrees/);
  assert.equal(JSON.stringify(document).includes("#/$defs/"), false);
});

test("two contracts for one method and path are refused", () => {
  assert.throws(() => buildOpenApiDocument([getWidget, getWidget]), /Two routes declare GET \/api\/widgets\/\{id\}/);
});
