import assert from "node:assert/strict";
import { test } from "node:test";
import { isLongId, shortenId, summarizeAuditResult } from "./summary";

const HEX = "3f4e5a6b7c8d".padEnd(64, "0");

test("a 64-hex ID is cut to docker's 12 characters, with or without sha256:", () => {
  assert.equal(shortenId(HEX), "3f4e5a6b7c8d");
  assert.equal(shortenId(`sha256:${HEX}`), "3f4e5a6b7c8d");
  assert.equal(shortenId("seed/web:1"), "seed/web:1");
  assert.equal(isLongId(HEX), true);
  assert.equal(isLongId("web"), false);
});

test("a tag and an image removal read as sentences", () => {
  assert.equal(summarizeAuditResult({ source: "seed/web:1", target: "team/web:2" }), "tagged as team/web:2");
  assert.equal(
    summarizeAuditResult({ untagged: ["a:1"], deleted: ["x", "y"] }),
    "untagged 1 reference · deleted 2 IDs (image and unshared layers)",
  );
});

test("other results show their plain fields: IDs shortened, flags by name, never JSON", () => {
  const line = summarizeAuditResult({ id: HEX, name: "web", started: true, sizeRw: 12, warnings: [], nested: { a: 1 } });
  assert.equal(line, "id 3f4e5a6b7c8d · name web · started · size rw 12 · …");
  assert.ok(!line.includes("{"));
  assert.equal(summarizeAuditResult({ removed: false }), "not removed");
  assert.equal(summarizeAuditResult({ nested: { a: 1 } }), "done");
  assert.equal(summarizeAuditResult(null), "");
  assert.equal(summarizeAuditResult(`sha256:${HEX}`), "3f4e5a6b7c8d");
});
