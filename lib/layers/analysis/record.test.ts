import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analysisRecord, WASTE_LIMIT } from "@/lib/layers/analysis/record";
import { layerEntry as e } from "@/lib/layers/analysis/synthetic-archive";
import { computeWaste } from "@/lib/layers/analysis/waste";

describe("analysisRecord", () => {
  const files = Array.from({ length: WASTE_LIMIT + 5 }, (_, index) => e.file(`/data/${index}.bin`, `content ${index}`));
  const waste = computeWaste({ layers: [files, files.map((file) => e.whiteout(file.path))], baseLayers: 0 });
  const record = analysisRecord({
    imageId: "sha256:app",
    waste,
    diffIds: ["sha256:a", "sha256:b"],
    steps: [{ stepIndex: 0, instruction: "COPY data /data", createdBy: "COPY data /data # buildkit" }, null],
    stored: [{ tarBytes: 4096, entryCount: files.length }, null],
    advice: [],
    baseImage: null,
    repoTags: ["app:1"],
    analysedAt: "2026-01-01T00:00:00.000Z",
  });

  test("keeps at most WASTE_LIMIT waste items, without content hashes, and counts them all", () => {
    assert.equal(record.waste.length, WASTE_LIMIT);
    assert.equal(record.wasteCount, WASTE_LIMIT + 5);
    assert.ok(record.waste.every((item) => !("hash" in item)));
  });

  test("each layer gets its diff ID, its step and its archive counts; unknown ones are null or zero", () => {
    assert.deepEqual(
      record.layers.map(({ diffId, stepIndex, instruction, createdBy, tarBytes, entryCount }) => ({
        diffId,
        stepIndex,
        instruction,
        createdBy,
        tarBytes,
        entryCount,
      })),
      [
        {
          diffId: "sha256:a",
          stepIndex: 0,
          instruction: "COPY data /data",
          createdBy: "COPY data /data # buildkit",
          tarBytes: 4096,
          entryCount: WASTE_LIMIT + 5,
        },
        { diffId: "sha256:b", stepIndex: null, instruction: null, createdBy: null, tarBytes: 0, entryCount: 0 },
      ],
    );
  });
});
