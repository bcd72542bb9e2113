import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { OpenApiDocument } from "@/lib/openapi/document";
import { assertResponseMatches, findBodyProblems, findResponseProblems } from "@/lib/openapi/validate";
import { loadApiDocument } from "@/lib/testing/api-document";

let document: OpenApiDocument;

before(async () => {
  document = await loadApiDocument();
});

const image = {
  id: "sha256:aaaa",
  shortId: "aaaa",
  repoTags: ["alpine:3"],
  repoDigests: [],
  created: "2026-01-01T00:00:00.000Z",
  size: 100,
  sharedSize: 0,
  uniqueSize: 100,
  layerCount: 1,
  containers: 0,
  dangling: false,
};
const totals = { count: 1, totalSize: 100, unusedSize: 100, unusedCount: 1, danglingSize: 0, danglingCount: 0 };

test("an image list as the route answers it matches the document", async () => {
  const response = Response.json({ images: [image], totals });
  assert.deepEqual(await findResponseProblems(document, response, { method: "GET", path: "/api/images" }), []);
  await assertResponseMatches(document, response, { method: "GET", path: "/api/images" });
  // The caller can still read it.
  assert.equal(((await response.json()) as { totals: { count: number } }).totals.count, 1);
});

test("a body that drifted from the schema is refused, naming each field", async () => {
  const { size: _size, ...withoutSize } = image;
  const response = Response.json({ images: [{ ...withoutSize, extra: 1 }], totals: { ...totals, count: "1" } });
  const problems = await findResponseProblems(document, response, { method: "GET", path: "/api/images" });
  assert.ok(
    problems.some((problem) => problem.includes("/images/0") && problem.includes("size")),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((problem) => problem.includes('undocumented property "extra"')),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((problem) => problem.includes("/totals/count") && problem.includes("number")),
    problems.join("\n"),
  );
  await assert.rejects(
    assertResponseMatches(document, response, { method: "GET", path: "/api/images" }),
    /GET \/api\/images answered 200, not as documented/,
  );
});

test("error answers: a documented code matches, an undocumented one does not", async () => {
  const target = { method: "GET", path: "/api/images/{ref}" } as const;
  const notFound = Response.json({ error: "No such image: nope", code: "not_found:image" }, { status: 404 });
  assert.deepEqual(await findResponseProblems(document, notFound, target), []);
  const badInput = Response.json(
    { error: "Invalid path parameter: ref: too long", code: "bad_request:params", fields: [{ path: "ref", message: "too long" }] },
    { status: 400 },
  );
  assert.deepEqual(await findResponseProblems(document, badInput, target), []);
  const wrongCode = Response.json({ error: "gone", code: "not_found:container" }, { status: 404 });
  assert.match((await findResponseProblems(document, wrongCode, target)).join("\n"), /\/code must be equal to one of the allowed values/);
  const undocumented = Response.json({ error: "teapot", code: "internal" }, { status: 418 });
  assert.match((await findResponseProblems(document, undocumented, target)).join("\n"), /does not document status 418/);
});

test("each line of an NDJSON stream is checked, and a concrete path finds its template", async () => {
  const lines = [
    { status: "Pulling from library/alpine", id: "3" },
    { result: { reference: "alpine:3", id: "sha256:a", digest: null, bytes: 1 } },
  ];
  const stream = new Response(lines.map((line) => `${JSON.stringify(line)}\n`).join(""), {
    headers: { "content-type": "application/x-ndjson; charset=utf-8" },
  });
  assert.deepEqual(await findResponseProblems(document, stream, { method: "POST", path: "/api/images/pull" }), []);
  const failed = new Response('{"status":"Pulling"}\n{"status":true}\n', { headers: { "content-type": "application/x-ndjson" } });
  const problems = await findResponseProblems(document, failed, { method: "POST", path: "/api/images/pull" });
  assert.ok(problems.length > 0 && problems.every((problem) => problem.startsWith("line 2: ")), problems.join("\n"));

  // `/api/images/import` is its own route, not an image called "import".
  assert.deepEqual(
    findBodyProblems(document, { method: "delete", path: "/api/images/alpine%3A3", status: 200 }, "application/json", {
      untagged: [],
      deleted: [],
    }),
    [],
  );
  assert.match(
    findBodyProblems(document, { method: "DELETE", path: "/api/images/import", status: 200 }, "application/json", {}).join(),
    /not in the API document/,
  );
});

test("a download is checked by its content type only", async () => {
  const tar = new Response("archive bytes", { headers: { "content-type": "application/x-tar" } });
  assert.deepEqual(await findResponseProblems(document, tar, { method: "GET", path: "/api/images/{ref}/save" }), []);
  const html = new Response("<html>", { headers: { "content-type": "text/html" } });
  assert.match(
    (await findResponseProblems(document, html, { method: "GET", path: "/api/images/{ref}/save" })).join(),
    /does not document text\/html/,
  );
});
