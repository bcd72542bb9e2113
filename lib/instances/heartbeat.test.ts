import assert from "node:assert/strict";
import { test } from "node:test";
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_LAPSE_MS, hasLapsed } from "@/lib/instances/heartbeat";

test("a heartbeat lapses only after several missed beats", () => {
  const heartbeatAt = new Date(1_000_000);
  assert.ok(HEARTBEAT_LAPSE_MS >= 3 * HEARTBEAT_INTERVAL_MS, "one late beat must not look like a crash");
  assert.equal(hasLapsed({ heartbeatAt, now: new Date(1_000_000 + HEARTBEAT_LAPSE_MS) }), false);
  assert.equal(hasLapsed({ heartbeatAt, now: new Date(1_000_000 + HEARTBEAT_LAPSE_MS + 1) }), true);
  assert.equal(hasLapsed({ heartbeatAt, now: new Date(1_000_500), lapseMs: 400 }), true);
});
