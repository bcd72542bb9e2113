import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_NEXT_PATH, safeNextPath } from "@/lib/auth/next-path";

test("keeps a path on this site, query and hash included", () => {
  assert.equal(safeNextPath("/images"), "/images");
  assert.equal(safeNextPath("/images/seed%2Fweb%3A1?tab=layers#history"), "/images/seed%2Fweb%3A1?tab=layers#history");
  assert.equal(safeNextPath("/audit?outcome=failed"), "/audit?outcome=failed");
});

test("refuses anything a browser would read as another site", () => {
  for (const value of [
    "//evil.example",
    "//evil.example/images",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "images",
    "",
  ]) {
    assert.equal(safeNextPath(value), DEFAULT_NEXT_PATH, JSON.stringify(value));
  }
});

test("refuses non-strings and the sign-in pages themselves", () => {
  assert.equal(safeNextPath(undefined), DEFAULT_NEXT_PATH);
  assert.equal(safeNextPath(["/audit"]), DEFAULT_NEXT_PATH);
  assert.equal(safeNextPath("/login?next=%2Faudit"), DEFAULT_NEXT_PATH);
  assert.equal(safeNextPath("/setup"), DEFAULT_NEXT_PATH);
});
