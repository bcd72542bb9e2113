import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chainIds } from "@/lib/layers/chain";
import { indexLayerUsers, sharedAndUniqueSize } from "@/lib/layers/sharing";

describe("chainIds", () => {
  test("the base layer's chain ID is its diff ID and later ones hash the chain", () => {
    const chains = chainIds(["sha256:aaa", "sha256:bbb"]);
    assert.equal(chains[0], "sha256:aaa");
    // sha256("sha256:aaa sha256:bbb")
    assert.match(chains[1]!, /^sha256:[0-9a-f]{64}$/);
  });

  test("the same diff ID on different bases is a different stored layer", () => {
    const [, onA] = chainIds(["sha256:base-a", "sha256:same"]);
    const [, onB] = chainIds(["sha256:base-b", "sha256:same"]);
    assert.notEqual(onA, onB);
  });
});

describe("sharing", () => {
  const base = chainIds(["sha256:base"]);
  const web1 = { imageId: "web1", chainIds: chainIds(["sha256:base", "sha256:www", "sha256:v1"]), layerSizes: [100, 10, 3] };
  const web2 = { imageId: "web2", chainIds: chainIds(["sha256:base", "sha256:www", "sha256:v2"]), layerSizes: [100, 10, 23] };
  const busybox = { imageId: "busybox", chainIds: base, layerSizes: [100] };

  test("layers used by more than one image count as shared", () => {
    const users = indexLayerUsers([web1, web2, busybox]);
    assert.deepEqual(users.get(web1.chainIds[0]!), ["web1", "web2", "busybox"]);
    assert.deepEqual(users.get(web1.chainIds[1]!), ["web1", "web2"]);
    assert.deepEqual(sharedAndUniqueSize(web1, users), { sharedSize: 110, uniqueSize: 3 });
    assert.deepEqual(sharedAndUniqueSize(web2, users), { sharedSize: 110, uniqueSize: 23 });
    assert.deepEqual(sharedAndUniqueSize(busybox, users), { sharedSize: 100, uniqueSize: 0 });
  });

  test("an image alone owns all its bytes", () => {
    const users = indexLayerUsers([web1]);
    assert.deepEqual(sharedAndUniqueSize(web1, users), { sharedSize: 0, uniqueSize: 113 });
  });
});
