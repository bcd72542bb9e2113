import assert from "node:assert/strict";
import { test } from "node:test";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { AppError } from "@/lib/errors";
import { parseInput, parsePageQuery, searchParamsObject } from "@/lib/http/parse";
import { imageListQuerySchema } from "@/lib/images/schemas";

test("query parameters: empty values are left out, a repeated key becomes an array", () => {
  const params = new URLSearchParams("q=&filter=unused&change=ENV%20A%3D1&change=USER%20x");
  assert.deepEqual(searchParamsObject(params), { filter: "unused", change: ["ENV A=1", "USER x"] });
  assert.deepEqual(searchParamsObject({ q: "web", filter: undefined, tag: ["a", "b"] }), { q: "web", tag: ["a", "b"] });
});

test("a bad field is a 400 that names it, in the message and in `fields`", () => {
  assert.throws(
    () => parseInput(imageListQuerySchema, { sort: "colour" }, "query"),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "bad_request:query");
      assert.match(error.message, /^Invalid query: sort: /);
      assert.deepEqual(
        (error.details?.fields as { path: string }[]).map((field) => field.path),
        ["sort"],
      );
      return true;
    },
  );
});

test("a page reads its query with the API's schema and drops only what the API would refuse", () => {
  const query = parsePageQuery(auditQuerySchema, {
    outcome: "interrupted",
    limit: "500",
    cursor: "not a cursor",
    from: "2026-11-22T04:48",
  });
  assert.equal(query.outcome, "interrupted");
  assert.equal(query.limit, 500, "the page allows what the API allows");
  assert.equal(query.cursor, undefined);
  assert.equal(query.from?.toISOString(), "2026-11-22T04:48:00.000Z", "a time without a zone is UTC, as the page says");
  assert.equal(parsePageQuery(auditQuerySchema, { limit: "9999", outcome: "exploded" }).limit, 50, "out of range: the default");
});
