import assert from "node:assert/strict";
import { test } from "node:test";
import { redactParams } from "@/lib/audit/redact";

test("secret-looking fields are redacted at any depth, others kept", () => {
  assert.deepEqual(redactParams({ repo: "x", auth: { username: "u", password: "p" }, list: [{ token: "t" }], apiKey: "k", force: true }), {
    repo: "x",
    auth: "<redacted>",
    list: [{ token: "<redacted>" }],
    apiKey: "<redacted>",
    force: true,
  });
});

test("empty secret fields stay empty so the log shows none was given", () => {
  assert.deepEqual(redactParams({ password: "" }), { password: "" });
});
