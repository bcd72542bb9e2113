import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { saveImageFromEngine } from "@/lib/docker/transfer";
import { alignHistoryToLayers } from "@/lib/layers/align";
import { adviseImage, type LayerStep } from "@/lib/layers/analysis/advice";
import { DIVE_DEFAULT_RULES, evaluateCiRules } from "@/lib/layers/analysis/ci-rules";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { computeWaste } from "@/lib/layers/analysis/waste";
import { walkImageArchive, type WalkProgress } from "@/lib/layers/analysis/walk";
import { describeCreatedBy } from "@/lib/layers/instruction";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";

requireSandboxEngine();

const MiB = 1024 * 1024;

function diffIdsOf(reference: string): string[] {
  return JSON.parse(docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", reference)) as string[];
}

/** The whole pipeline the analysis route will run: save stream → walk → waste → advice. */
async function analyse(reference: string) {
  const entries = new Map<string, LayerEntry[]>();
  const progress: WalkProgress[] = [];
  const result = await walkImageArchive(
    { open: () => saveImageFromEngine(reference) },
    {
      onEntries: ({ key, entries: batch }) => {
        const list = entries.get(key) ?? [];
        list.push(...batch);
        entries.set(key, list);
      },
      onProgress: (item) => void progress.push(item),
    },
  );
  const layers = result.layers.map((layer) => entries.get(layer.key) ?? []);
  // The base image: the longest prefix shared with the FROM image (all fixtures build on local/busybox:1).
  const base = diffIdsOf("local/busybox:1");
  let baseLayers = 0;
  while (baseLayers < base.length && base[baseLayers] === result.layers[baseLayers]?.diffId) baseLayers++;
  const analysis = computeWaste({ layers, baseLayers });

  const history = result.config.history ?? [];
  const alignment = alignHistoryToLayers({
    steps: history.map(() => ({ size: 0 })),
    layerCount: layers.length,
    emptyLayerFlags: history.map((step) => step.empty_layer === true),
  });
  const steps: LayerStep[] = layers.map(() => null);
  if (alignment.kind === "aligned") {
    alignment.layerIndexByStep.forEach((layer, stepIndex) => {
      if (layer !== null) steps[layer] = { stepIndex, instruction: describeCreatedBy(history[stepIndex]?.created_by ?? "").instruction };
    });
  }
  const advice = adviseImage({ analysis, layers, steps });
  return { result, layers, analysis, steps, advice, progress };
}

describe("layer analysis against the private engine", () => {
  const tags = {
    slim: uniqueName("it-analysis-slim"),
    chmod: uniqueName("it-analysis-chmod"),
    opaque: uniqueName("it-analysis-opaque"),
    apt: uniqueName("it-analysis-apt"),
  };
  let context: string;

  before(() => {
    buildImage(
      tags.slim,
      [
        "FROM local/busybox:1",
        "WORKDIR /data",
        "RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50 && rm /data/big.bin",
        'CMD ["ls", "-la", "/data"]',
      ].join("\n"),
    );
    context = mkdtempSync(path.join(tmpdir(), "analysis-context-"));
    writeFileSync(path.join(context, "app.bin"), randomBytes(3 * MiB));
    writeFileSync(
      path.join(context, "Dockerfile"),
      ["FROM local/busybox:1", "COPY app.bin /app/app.bin", "RUN chmod 755 /app/app.bin && chown 1000:1000 /app/app.bin"].join("\n"),
    );
    docker("build", "-q", "-t", tags.chmod, context);
    buildImage(
      tags.opaque,
      [
        "FROM local/busybox:1",
        "RUN mkdir -p /srv/site/assets && dd if=/dev/urandom of=/srv/site/assets/old.bin bs=1k count=512 && echo old > /srv/site/index.html",
        "RUN rm -rf /srv/site && mkdir -p /srv/site && echo new > /srv/site/index.html",
      ].join("\n"),
    );
    buildImage(
      tags.apt,
      [
        "FROM local/busybox:1",
        "RUN mkdir -p /var/lib/apt/lists/partial && dd if=/dev/urandom of=/var/lib/apt/lists/deb.debian.org_dists_bookworm_main_Packages bs=1k count=300 && mkdir -p /usr/bin && echo tool > /usr/bin/tool",
      ].join("\n"),
    );
  });

  after(() => {
    docker("rmi", "-f", ...Object.values(tags));
    if (context) rmSync(context, { recursive: true, force: true });
  });

  test("seed/fat:1 (the articles' dd-then-rm image): 50 MiB wasted, written by dd, hidden by rm", async () => {
    const { result, analysis, steps, advice, progress } = await analyse("seed/fat:1");
    assert.equal(result.layout, "legacy", "Docker 20.10 writes the legacy layout");
    assert.deepEqual(
      result.layers.map((layer) => layer.diffId),
      diffIdsOf("seed/fat:1"),
    );
    assert.ok(result.layers.every((layer) => layer.verified && layer.status === "parsed"));
    assert.equal(result.imageId, docker("image", "inspect", "--format", "{{.Id}}", "seed/fat:1"));

    assert.equal(analysis.wastedBytes, 50 * MiB);
    assert.equal(analysis.waste.length, 1);
    const [waste] = analysis.waste;
    assert.equal(waste!.path, "/data/big.bin");
    assert.equal(waste!.bytes, 52_428_800);
    assert.equal(waste!.reason, "deleted");
    assert.match(steps[waste!.writtenBy]!.instruction, /^RUN dd if=\/dev\/zero of=\/data\/big\.bin/);
    assert.match(steps[waste!.hiddenBy]!.instruction, /^RUN rm \/data\/big\.bin/);
    assert.ok(analysis.efficiency < 0.05, `efficiency ${analysis.efficiency}`);
    assert.equal(analysis.baseLayers, 1);
    assert.equal(analysis.userWastedBytes, 50 * MiB);

    assert.equal(advice[0]!.rule, "delete-in-same-step");
    assert.deepEqual(advice[0]!.layers, [waste!.writtenBy, waste!.hiddenBy]);
    assert.equal(advice[0]!.bytes, 50 * MiB);
    assert.equal(evaluateCiRules(analysis, DIVE_DEFAULT_RULES).pass, false);

    assert.equal(progress[0]!.phase, "preparing");
    assert.equal(progress[progress.length - 1]!.phase, "done");
  });

  test("the chained slim variant wastes nothing", async () => {
    const { analysis, advice } = await analyse(tags.slim);
    assert.equal(analysis.wastedBytes, 0);
    assert.equal(analysis.efficiency, 1);
    assert.deepEqual(analysis.waste, []);
    assert.deepEqual(advice, []);
    assert.equal(evaluateCiRules(analysis, DIVE_DEFAULT_RULES).pass, true);
  });

  test("COPY then RUN chmod/chown: the copied file is stored twice; the advice is COPY --chown/--chmod", async () => {
    const { analysis, steps, advice, layers } = await analyse(tags.chmod);
    const waste = analysis.waste.find((item) => item.path === "/app/app.bin")!;
    assert.equal(waste.bytes, 3 * MiB);
    assert.equal(waste.reason, "overwritten");
    assert.equal(waste.sameContent, true);
    assert.match(steps[waste.writtenBy]!.instruction, /^COPY /);
    const rewritten = layers[waste.hiddenBy]!.find((entry) => entry.path === "/app/app.bin")!;
    assert.equal(rewritten.mode & 0o777, 0o755);
    assert.equal(rewritten.uid, 1000);
    const rule = advice.find((item) => item.rule === "rewritten-in-later-step")!;
    assert.match(rule.detail, /COPY `--chown` and `--chmod`/);
    assert.equal(rule.bytes, 3 * MiB);
  });

  test("a directory removed and recreated: the engine writes an opaque whiteout; the old content is waste", async () => {
    const { analysis, layers } = await analyse(tags.opaque);
    const top = layers[layers.length - 1]!;
    assert.ok(
      top.some((entry) => entry.type === "opaque" && entry.path === "/srv/site"),
      `the top layer has an opaque marker: ${JSON.stringify(top.map((entry) => [entry.path, entry.type]))}`,
    );
    const old = analysis.waste.find((item) => item.path === "/srv/site/assets/old.bin")!;
    assert.equal(old.bytes, 512 * 1024);
    assert.equal(old.reason, "opaque");
    assert.equal(old.hiddenBy, layers.length - 1);
    const index = analysis.waste.find((item) => item.path === "/srv/site/index.html")!;
    assert.equal(index.reason, "opaque");
  });

  test("an apt-style cache left in a layer: cleaned up in the same RUN", async () => {
    const { advice, analysis } = await analyse(tags.apt);
    assert.equal(analysis.wastedBytes, 0);
    const cache = advice.find((item) => item.rule === "package-manager-cache")!;
    assert.equal(cache.bytes, 300 * 1024);
    assert.deepEqual(cache.layers, [1]);
    assert.match(cache.detail, /rm -rf \/var\/lib\/apt\/lists/);
  });

  test("an image sharing all but its top layer with an analysed one only parses its new layer", async () => {
    // What a store would remember from the first walk: v1 ID (legacy folder name) → diff ID.
    const first = await analyse("seed/web:1");
    const known = new Map(first.result.layers.map((layer) => [layer.v1Id, layer.diffId]));
    const parsed: string[] = [];
    const second = await walkImageArchive(
      { open: () => saveImageFromEngine("seed/web:2"), skipLayer: (layer) => known.has(layer.v1Id) },
      { onEntries: ({ key }) => void parsed.push(key) },
    );
    assert.deepEqual(
      second.layers.map((layer) => layer.status),
      ["skipped", "skipped", "parsed"],
    );
    assert.deepEqual(
      second.layers.map((layer) => layer.diffId),
      diffIdsOf("seed/web:2"),
    );
    assert.deepEqual([...new Set(parsed)], [second.layers[2]!.key]);
  });

  test("a loaded image (history IDs <missing>) is analysed from its own config", async () => {
    const { analysis, steps } = await analyse("seed/loaded:1");
    assert.equal(analysis.wastedBytes, 20 * MiB);
    assert.match(steps[analysis.waste[0]!.writtenBy]!.instruction, /dd if=\/dev\/zero of=\/cache\/blob\.bin/);
  });
});
