import assert from "node:assert/strict";
import { test } from "node:test";
import { FailureThrottle } from "@/lib/auth/throttle";

test("locks a key after the limit within the window, then frees it as failures age out", () => {
  let now = 0;
  const throttle = new FailureThrottle({ limit: 3, windowMs: 1000, now: () => now });
  for (let i = 0; i < 2; i++) {
    throttle.recordFailure("user:ana");
    now += 100;
  }
  assert.equal(throttle.retryAfterMs("user:ana"), 0);
  throttle.recordFailure("user:ana"); // failures at 0, 100, 200
  assert.equal(throttle.retryAfterMs("user:ana"), 1000 - 200);
  assert.equal(throttle.retryAfterMs("user:bob"), 0, "other keys are not affected");
  now = 1001;
  assert.equal(throttle.retryAfterMs("user:ana"), 0, "the oldest failure left the window");
});

test("reset clears a key (a successful sign-in)", () => {
  const throttle = new FailureThrottle({ limit: 1, windowMs: 60_000 });
  throttle.recordFailure("k");
  assert.ok(throttle.retryAfterMs("k") > 0);
  throttle.reset("k");
  assert.equal(throttle.retryAfterMs("k"), 0);
});
