import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, describe, test } from "node:test";
import { buildImage, type BuildOperation } from "@/lib/builds/actions";
import { buildOptionsOf } from "@/lib/builds/options";
import { getBuild } from "@/lib/builds/queries";
import type { BuildQuery, BuildResult, BuildStep } from "@/lib/builds/types";
import { isAppError, type AppError } from "@/lib/errors";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { imagesRemovedAfterSuite } from "@/lib/testing/cleanup";
import { tarOf } from "@/lib/testing/tar";

// The articles' cache lessons against the private engine (DOCKER_HOST) and the database of
// DASHBOARD_DATA_DIR (migrated by `npm test` before integration tests), through the build action.

requireSandboxEngine();

async function finish(operation: BuildOperation): Promise<BuildResult> {
  for (;;) {
    const next = await operation.next();
    if (next.done) return next.value;
  }
}

const typedBuild = (query: BuildQuery, dockerfile: string, files: Record<string, string> = {}) =>
  buildImage({ input: { source: "typed", dockerfile, files }, options: buildOptionsOf(query), actor: "it" }).then(finish);

const uploadBuild = async (query: BuildQuery, files: Record<string, string>) =>
  buildImage({ input: { source: "upload", body: Readable.from(await tarOf(files)) }, options: buildOptionsOf(query), actor: "it" }).then(
    finish,
  );

const reasons = (steps: BuildStep[]) => steps.map((step) => (step.cached ? "cached" : (step.cacheMiss?.reason ?? "none")));

describe("why the cache missed", () => {
  const run = uniqueName("cache");
  const images = imagesRemovedAfterSuite();

  // The articles' centos-tree example, on busybox: a tree is made, then a file is copied in.
  const tree = `FROM local/busybox:1\nRUN mkdir -p /tree/a/b && echo ${run} > /tree/a/b/leaf\nRUN ls -R /tree > /tree.txt\n`;

  test("the same build again is all cache hits, with no reasons", async () => {
    const tag = `cache/${run}:same`;
    images.push(tag);
    const first = await typedBuild({ tag }, tree);
    assert.deepEqual(reasons(first.steps), ["none", "first-build", "step-above"]);
    const again = await typedBuild({ tag }, tree);
    assert.deepEqual(reasons(again.steps), ["none", "cached", "cached"]);
    assert.equal(again.imageId, first.imageId);
    const stored = await getBuild(again.id);
    assert.deepEqual(
      stored.steps.map((step) => step.cacheMiss),
      [null, null, null],
    );
  });

  test("adding a COPY at the end keeps every earlier step cached; only the new step is built, and it says it is new", async () => {
    const tag = `cache/${run}:tree`;
    images.push(tag);
    await typedBuild({ tag }, tree, { "note.txt": "note\n" });
    const longer = await typedBuild({ tag }, `${tree}COPY note.txt /tree/note.txt\n`, { "note.txt": "note\n" });
    assert.deepEqual(reasons(longer.steps), ["none", "cached", "cached", "new-step"]);
    assert.match(longer.steps[3]!.cacheMiss!.message, /previous build had no step 3/);
    assert.equal(docker("run", "--rm", "--network", "none", tag, "cat", "/tree/note.txt"), "note");
  });

  test("moving the COPY earlier misses from that step on: the moved step says what was there, the rest that a step above missed", async () => {
    const tag = `cache/${run}:moved`;
    images.push(tag);
    const files = { "note.txt": "note\n" };
    await typedBuild({ tag }, `${tree}COPY note.txt /tree/note.txt\n`, files);
    const moved = await typedBuild(
      { tag },
      `FROM local/busybox:1\nCOPY note.txt /tree/note.txt\nRUN mkdir -p /tree/a/b && echo ${run} > /tree/a/b/leaf\nRUN ls -R /tree > /tree.txt\n`,
      files,
    );
    assert.deepEqual(reasons(moved.steps), ["none", "instruction-changed", "step-above", "step-above"]);
    assert.equal(moved.steps[1]!.cacheMiss!.previousInstruction, `RUN mkdir -p /tree/a/b && echo ${run} > /tree/a/b/leaf`);
    assert.equal(moved.steps[2]!.cacheMiss!.step, 1);
    assert.equal(moved.cacheHits, 0);
  });

  test("a changed file that a COPY copies is named, in an uploaded tar as in a typed build; steps above stay cached", async () => {
    const tag = `cache/${run}:files`;
    images.push(tag);
    const dockerfile = "FROM local/busybox:1\nRUN echo base > /base\nCOPY app/ /app/\nRUN ls /app > /listing\n";
    await uploadBuild({ tag }, { Dockerfile: dockerfile, "app/a.txt": "a\n", "app/b.txt": "b\n", "docs/readme": "r\n" });
    const changed = await uploadBuild(
      { tag },
      { Dockerfile: dockerfile, "app/a.txt": "a\n", "app/b.txt": "b, edited\n", "docs/readme": "r2\n" },
    );
    assert.deepEqual(reasons(changed.steps), ["none", "cached", "files-changed", "step-above"]);
    assert.deepEqual(changed.steps[2]!.cacheMiss!.files, ["app/b.txt"], "docs/readme changed too, but is not copied");
    const stored = await getBuild(changed.id);
    assert.equal(stored.dockerfile, dockerfile);
    assert.equal(stored.steps[2]!.cacheMiss!.reason, "files-changed");
  });

  test("a changed build arg is the reason a RUN that uses it missed", async () => {
    const tag = `cache/${run}:args`;
    images.push(tag);
    const dockerfile = "FROM local/busybox:1\nARG FLAVOUR=plain\nRUN echo $FLAVOUR > /flavour\n";
    await typedBuild({ tag, buildarg: "FLAVOUR=mint" }, dockerfile);
    const other = await typedBuild({ tag, buildarg: "FLAVOUR=lime" }, dockerfile);
    assert.deepEqual(reasons(other.steps), ["none", "cached", "build-args-changed"]);
    assert.match(other.steps[2]!.cacheMiss!.message, /FLAVOUR/);
  });
});

describe("build args, target stage, and debugging a failure from the last good step", () => {
  const run = uniqueName("build-it");
  const images: string[] = [];
  const containers: string[] = [];
  after(() => {
    for (const container of containers) docker("rm", "-f", container);
    for (const image of images.reverse()) {
      try {
        docker("rmi", "-f", image);
      } catch {
        // already gone
      }
    }
  });

  test("build args and the target stage reach the image; later stages are not built", async () => {
    const tag = `build-it/${run}:target`;
    images.push(tag);
    const result = await typedBuild(
      { tag, buildarg: ["GREETING=bonjour", "UNUSED=1"], target: "runtime" },
      [
        "FROM local/busybox:1 AS base",
        "ARG GREETING=hello",
        'RUN echo "$GREETING" > /greeting',
        "FROM base AS runtime",
        "LABEL stage=runtime",
        "FROM base AS never",
        "RUN exit 1",
        "",
      ].join("\n"),
    );
    assert.equal(docker("run", "--rm", "--network", "none", tag, "cat", "/greeting"), "bonjour");
    assert.equal(docker("image", "inspect", "--format", '{{index .Config.Labels "stage"}}', tag), "runtime");
    assert.ok(
      result.steps.every((step) => !step.instruction.startsWith("RUN exit 1")),
      "the stage after the target was not built",
    );
    assert.ok(result.warnings.some((warning) => /UNUSED/.test(warning)));
    const stored = await getBuild(result.id);
    assert.equal(stored.options.target, "runtime");
    assert.equal(stored.command, `docker build -t ${tag} --build-arg GREETING=bonjour --build-arg UNUSED=1 --target runtime .`);
  });

  test("a failing RUN is a 422 with the last good image; a container created from that image starts, runs and exits 0", async () => {
    const tag = `build-it/${run}:broken`;
    let failure: AppError | null = null;
    try {
      await typedBuild({ tag }, "FROM local/busybox:1\nRUN echo good > /good.txt\nRUN cat /no/such/file\n");
    } catch (error) {
      if (!isAppError(error)) throw error;
      failure = error;
    }
    assert.equal(failure?.code, "unprocessable:build");
    const lastImageId = failure!.details!.lastImageId as string;
    assert.match(lastImageId, /^[0-9a-f]{12}$/);
    images.push(lastImageId);
    const stored = await getBuild(failure!.details!.id as string);
    assert.equal(stored.outcome, "failed");
    assert.equal(stored.lastImageId, lastImageId);
    const container = docker("create", "--network", "none", lastImageId, "cat", "/good.txt");
    containers.push(container);
    docker("start", container);
    assert.equal(docker("wait", container), "0");
    assert.equal(docker("logs", container), "good");
  });
});
