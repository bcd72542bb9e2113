import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { findBaseImage } from "@/lib/layers/base-image";

const image = (id: string, diffIds: string[], repoTags = [`${id}:1`]) => ({ id, repoTags, diffIds });

describe("findBaseImage", () => {
  test("the longest tagged proper prefix wins", () => {
    const base = findBaseImage({
      diffIds: ["a", "b", "c", "d"],
      others: [image("os", ["a"]), image("runtime", ["a", "b"]), image("other", ["a", "x"]), image("twin", ["a", "b", "c", "d"])],
    });
    assert.deepEqual(base, { layers: 2, image: { id: "runtime", repoTags: ["runtime:1"] } });
  });

  test("untagged images are not bases", () => {
    assert.deepEqual(findBaseImage({ diffIds: ["a", "b"], others: [image("old", ["a"], [])] }), { layers: 1, image: null });
  });

  test("without a known base: layer 0 when there is more than one layer, else none", () => {
    assert.deepEqual(findBaseImage({ diffIds: ["a", "b"], others: [] }), { layers: 1, image: null });
    assert.deepEqual(findBaseImage({ diffIds: ["a"], others: [] }), { layers: 0, image: null });
  });
});
