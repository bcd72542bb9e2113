import assert from "node:assert/strict";
import { test } from "node:test";
import { retryAfterMs } from "@/lib/auth/throttle";

test("locks a key after the limit within the window, then frees it as failures age out", () => {
  const options = { limit: 3, windowMs: 1000 };
  assert.equal(retryAfterMs({ ...options, failures: [0, 100], now: 150 }), 0);
  // Failures at 0, 100, 200: locked until the oldest leaves the window.
  assert.equal(retryAfterMs({ ...options, failures: [200, 0, 100], now: 200 }), 1000 - 200);
  assert.equal(retryAfterMs({ ...options, failures: [0, 100, 200], now: 1001 }), 0, "the oldest failure left the window");
});

test("more failures than the limit lock until the limit-th newest leaves the window", () => {
  assert.equal(retryAfterMs({ limit: 2, windowMs: 1000, failures: [0, 100, 500, 600], now: 700 }), 500 + 1000 - 700);
});
