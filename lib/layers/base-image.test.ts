import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { adviseImage, isPackageCachePath } from "@/lib/layers/analysis/advice";
import { analysisRecord } from "@/lib/layers/analysis/record";
import { layerEntry as e } from "@/lib/layers/analysis/synthetic-archive";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { WasteFold } from "@/lib/layers/analysis/waste";
import { findBaseImage, rebaseAnalysis } from "@/lib/layers/base-image";
import type { LayerAnalysis } from "@/lib/layers/types";

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

describe("rebaseAnalysis", () => {
  // A base of three layers (its own waste: /tmp/scratch written and deleted inside it) and two user
  // layers (/app.bin written and deleted), with package caches on both sides of the line.
  const layers: LayerEntry[][] = [
    [e.dir("/bin"), e.file("/bin/busybox", 1_000_000)],
    [e.dir("/tmp"), e.file("/tmp/scratch", 500_000), e.file("/var/cache/apt/archives/base.deb", 90_000)],
    [e.dir("/tmp"), e.whiteout("/tmp/scratch")],
    [e.file("/app.bin", 64_000), e.file("/var/cache/apk/APKINDEX.tar.gz", 70_000)],
    [e.whiteout("/app.bin")],
  ];
  const steps = layers.map((_, index) => ({ stepIndex: index, instruction: index === 0 ? "ADD rootfs.tar /" : `RUN step ${index}` }));

  /** What the analysis run stores for a base of `baseLayers` layers. */
  function analysed(baseLayers: number): LayerAnalysis {
    const fold = new WasteFold({ baseLayers });
    for (const entries of layers) fold.addLayer(entries);
    const waste = fold.finish();
    const caches = layers.map((entries) => entries.filter((entry) => entry.type === "file" && isPackageCachePath(entry.path)));
    return analysisRecord({
      imageId: "sha256:app",
      waste,
      diffIds: layers.map((_, index) => `sha256:${index}`),
      steps: steps.map((step) => ({ ...step, createdBy: null })),
      stored: layers.map((entries) => ({ tarBytes: 0, entryCount: entries.length })),
      advice: adviseImage({ analysis: waste, layers: caches, steps, union: fold.union }),
      baseImage: null,
      repoTags: ["app:1"],
      analysedAt: "2026-01-01T00:00:00.000Z",
    });
  }
  const readCacheFiles = (layer: number) => layers[layer]!.filter((entry) => entry.type === "file" && isPackageCachePath(entry.path));
  const baseImage = { id: "sha256:base", repoTags: ["app/base:1"] };

  test("a base found after the analysis: the same answer as analysing with it, without reading a layer", () => {
    const rebased = rebaseAnalysis({
      analysis: analysed(1),
      base: { layers: 3, image: baseImage },
      readCacheFiles: () => assert.fail("no layer joins the user's side"),
    });
    const expected = analysed(3);
    assert.equal(rebased.userWastedBytes, 64_000);
    assert.deepEqual(
      { ...rebased, baseImage: null },
      { ...expected, advice: rebased.advice, baseImage: null },
      "every figure as if analysed with the base",
    );
    assert.deepEqual(rebased.advice, expected.advice);
    assert.deepEqual(rebased.baseImage, baseImage);
  });

  test("a base removed after the analysis: layer 0 again, and the layers that left the base are advised", () => {
    const rebased = rebaseAnalysis({ analysis: analysed(3), base: { layers: 1, image: null }, readCacheFiles });
    const expected = analysed(1);
    assert.equal(rebased.userWastedBytes, 564_000);
    assert.deepEqual(rebased, expected);
    assert.ok(rebased.advice.some((advice) => advice.rule === "package-manager-cache" && advice.layers[0] === 1));
  });

  test("the same base: the stored analysis as it is", () => {
    const analysis = analysed(3);
    assert.deepEqual(rebaseAnalysis({ analysis, base: { layers: 3, image: baseImage }, readCacheFiles }), { ...analysis, baseImage });
  });
});
