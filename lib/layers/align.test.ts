import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { alignHistoryToLayers } from "@/lib/layers/align";

const steps = (...sizes: number[]) => sizes.map((size) => ({ size }));

describe("alignHistoryToLayers", () => {
  test("the config's empty_layer flags win over sizes", () => {
    // import, WORKDIR (0-byte layer), RUN dd, RUN rm (0-byte whiteout layer), CMD (no layer)
    const result = alignHistoryToLayers({
      steps: steps(2_000_000, 0, 52_000_000, 0, 0),
      layerCount: 4,
      emptyLayerFlags: [false, false, false, false, true],
    });
    assert.deepEqual(result, { kind: "aligned", layerIndexByStep: [0, 1, 2, 3, null], source: "config" });
  });

  test("flags that disagree with the layer count are a mismatch, not a guess", () => {
    const result = alignHistoryToLayers({ steps: steps(1, 0), layerCount: 2, emptyLayerFlags: [false, true] });
    assert.equal(result.kind, "mismatch");
  });

  test("sizes settle it when every 0-byte step is metadata", () => {
    const result = alignHistoryToLayers({ steps: steps(10, 0, 20, 0), layerCount: 2 });
    assert.deepEqual(result, { kind: "aligned", layerIndexByStep: [0, null, 1, null], source: "sizes" });
  });

  test("sizes settle it when every 0-byte step made a layer", () => {
    const result = alignHistoryToLayers({ steps: steps(10, 0, 20), layerCount: 3 });
    assert.deepEqual(result, { kind: "aligned", layerIndexByStep: [0, 1, 2], source: "sizes" });
  });

  test("a 0-byte RUN rm among metadata steps is ambiguous without more facts (<missing> history)", () => {
    const result = alignHistoryToLayers({ steps: steps(2_000_000, 0, 21_000_000, 0, 0, 0), layerCount: 4 });
    assert.equal(result.kind, "ambiguous");
  });

  test("intermediate image layer counts resolve the classic builder's WORKDIR and RUN rm", () => {
    const result = alignHistoryToLayers({
      steps: steps(2_000_000, 0, 52_000_000, 0, 0),
      layerCount: 4,
      layerCountAtStep: [1, 2, 3, 4, 4],
    });
    assert.deepEqual(result, {
      kind: "aligned",
      layerIndexByStep: [0, 1, 2, 3, null],
      source: "intermediate-images",
    });
  });

  test("partial intermediate counts still settle the stretches they bound", () => {
    // Steps 0-2 unknown (<missing>), step 3 known; the 0-byte steps before it are forced.
    const result = alignHistoryToLayers({
      steps: steps(5, 0, 7, 0, 0),
      layerCount: 4,
      layerCountAtStep: [null, null, null, 4, 4],
    });
    assert.deepEqual(result, {
      kind: "aligned",
      layerIndexByStep: [0, 1, 2, 3, null],
      source: "intermediate-images",
    });
  });

  test("more sized steps than layers is a mismatch", () => {
    assert.equal(alignHistoryToLayers({ steps: steps(1, 2, 3), layerCount: 2 }).kind, "mismatch");
  });

  test("an image without history aligns trivially", () => {
    assert.deepEqual(alignHistoryToLayers({ steps: [], layerCount: 0 }), {
      kind: "aligned",
      layerIndexByStep: [],
      source: "sizes",
    });
  });
});
