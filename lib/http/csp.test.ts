import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy } from "@/lib/http/csp";

test("scripts only by nonce; no framing; no plugins; eval only in development", () => {
  const policy = contentSecurityPolicy({ nonce: "n0nce", dev: false });
  assert.match(policy, /script-src 'self' 'nonce-n0nce' 'strict-dynamic'(;|$)/);
  assert.match(policy, /frame-ancestors 'none'/);
  assert.match(policy, /object-src 'none'/);
  assert.doesNotMatch(policy, /unsafe-eval/);
  assert.match(contentSecurityPolicy({ nonce: "n", dev: true }), /'unsafe-eval'/);
});
