import assert from "node:assert/strict";
import { test } from "node:test";
import { collectGarbageSoon } from "@/lib/layers/analysis/memory";

test("collectGarbageSoon frees what an analysis left behind, without --expose-gc", async () => {
  assert.equal((globalThis as { gc?: unknown }).gc, undefined, "run without --expose-gc: the path the server takes");
  let collected = false;
  // Told when V8 frees it (no WeakRef: deref() would keep it alive for the current job).
  const registry = new FinalizationRegistry(() => (collected = true));
  // Unreachable at once; its million elements sit outside the young generation, so only a full
  // collection frees them, and nothing else in this idle process would start one within seconds.
  registry.register(new Array<number>(1_000_000).fill(1), "garbage");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(collected, false, "nothing collected it yet");
  collectGarbageSoon({ afterMs: 10 });
  const deadline = Date.now() + 3000;
  while (!collected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(collected, true, "a full collection ran");
});
