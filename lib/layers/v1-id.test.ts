import assert from "node:assert/strict";
import { test } from "node:test";
import { nonTopV1Ids } from "@/lib/layers/v1-id";

test("the folder names Docker 20.10 gave seed/fat:1's layers below the top one", () => {
  // From `docker save seed/fat:1` (manifest.json and the config's rootfs.diff_ids).
  const diffIds = [
    "sha256:bdcb7e0a73369f74ee6244d89f9d67c714d87b0f31819f1d6ba26e6a1f3c3ef0",
    "sha256:e429b89244e41b6659452670c247b2f5f7aa9c1eef673810f2af8f40d1256b73",
    "sha256:1def07449aa31347645c28db430df53bf5449c9fdd73c5f4a83c899afecd8c36",
    "sha256:579c7f49e5da99a7a7b6bdacede9b24c4c74d4151b8c55e15b2d1d8e5bd9d392",
  ];
  const ids = nonTopV1Ids(diffIds);
  assert.deepEqual(ids.slice(0, 3), [
    "1b55f2ea707d0484b38c9a2ff818be29b4bba163d22d3788fbf26be6fbb4016d",
    "a8bef042ac77e78431313b5583b27c627c3ea3dec40968002ea1992808a55950",
    "c40e6df79b7fc324f7badd275d0b16778cec176df58bf89c1c6d36540afe3478",
  ]);
  // The top layer's own folder (81bb75bc…) hashes the image's config; below another image it is this one.
  assert.match(ids[3]!, /^[0-9a-f]{64}$/);
  assert.notEqual(ids[3], "81bb75bc729fe842154eac504b21b82af6670fe417851476d3021745c5c16f62");
});
