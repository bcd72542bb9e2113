import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CacheMissExplainer, changedCopiedFiles, copySources, sourceMatcher, type PreviousBuild } from "@/lib/builds/cache-miss";

describe("copySources", () => {
  test("reads the context sources of COPY and ADD, shell and JSON form, past flags", () => {
    assert.deepEqual(copySources("COPY a.txt b/ /app/"), ["a.txt", "b/"]);
    assert.deepEqual(copySources("COPY --chown=1:1 --chmod=644 a.txt /app/"), ["a.txt"]);
    assert.deepEqual(copySources('COPY ["with space.txt", "/app/"]'), ["with space.txt"]);
    assert.deepEqual(copySources("ADD site.tar /srv/"), ["site.tar"]);
  });
  test("a copy from another stage, an ADD of a URL and other instructions copy no context files", () => {
    assert.equal(copySources("COPY --from=build /out /app"), null);
    assert.equal(copySources("ADD https://example.com/a.tar /a"), null);
    assert.equal(copySources("RUN cp a b"), null);
  });
});

describe("sourceMatcher", () => {
  test("a file, a directory and everything under it, wildcards within a segment, the whole context", () => {
    assert.equal(sourceMatcher("a.txt")("a.txt"), true);
    assert.equal(sourceMatcher("./a.txt")("a.txt"), true);
    assert.equal(sourceMatcher("a.txt")("a.txt.bak"), false);
    assert.equal(sourceMatcher("src")("src/deep/main.go"), true);
    assert.equal(sourceMatcher("src/")("src/main.go"), true);
    assert.equal(sourceMatcher("src/*.go")("src/main.go"), true);
    assert.equal(sourceMatcher("src/*.go")("src/sub/main.go"), false);
    assert.equal(sourceMatcher("file?.txt")("file1.txt"), true);
    assert.equal(sourceMatcher("file[0-9].txt")("filex.txt"), false);
    assert.equal(sourceMatcher(".")("anything/at/all"), true);
  });
});

test("changedCopiedFiles names changed, added and removed files among those copied only", () => {
  const previous = { "app/a": "1", "app/b": "2", "other/c": "3", "app/gone": "4" };
  const current = { "app/a": "1", "app/b": "changed", "other/c": "changed too", "app/new": "5" };
  assert.deepEqual(changedCopiedFiles(["app/"], previous, current), ["app/b", "app/gone", "app/new"]);
  assert.deepEqual(changedCopiedFiles(["app/a"], previous, current), []);
});

describe("CacheMissExplainer", () => {
  const from = { index: 0, instruction: "FROM local/busybox:1", cached: false, imageId: "base" };
  const previous: PreviousBuild = {
    id: "prev",
    steps: [
      { index: 0, instruction: "FROM local/busybox:1", imageId: "base" },
      { index: 1, instruction: "RUN mkdir /tree", imageId: "i1" },
      { index: 2, instruction: "COPY tree/ /tree/", imageId: "i2" },
      { index: 3, instruction: "RUN ls /tree", imageId: "i3" },
    ],
    contextHashes: { Dockerfile: "d", "tree/a": "1", "tree/b": "2" },
    buildArgs: { V: "1" },
  };
  const explainer = (settings: Partial<ConstructorParameters<typeof CacheMissExplainer>[0]> = {}) =>
    new CacheMissExplainer({ previous, nocache: false, buildArgs: { V: "1" }, hashes: () => previous.contextHashes, ...settings });

  test("cached steps and FROM have no reason; after the first miss, every later step of the stage missed because of it", () => {
    const explain = explainer();
    assert.equal(explain.explain(from), null);
    assert.equal(explain.explain({ index: 1, instruction: "RUN mkdir /tree", cached: true, imageId: "i1" }), null);
    const first = explain.explain({ index: 2, instruction: "COPY tree/ /tree/", cached: false, imageId: "x" });
    assert.equal(first?.reason, "unknown", "same instruction and files: the cache was pruned");
    assert.deepEqual(explain.explain({ index: 3, instruction: "RUN ls /tree", cached: false, imageId: "y" }), {
      reason: "step-above",
      step: 2,
      message: "Step 2 above was rebuilt, so every later step of its stage is rebuilt too.",
    });
    // A new stage starts its own chain.
    assert.equal(explain.explain({ index: 4, instruction: "FROM local/busybox:1 AS two", cached: false, imageId: "base" }), null);
    assert.equal(explain.explain({ index: 5, instruction: "RUN new", cached: false, imageId: "z" })?.reason, "new-step");
  });

  test("a COPY whose files changed names them", () => {
    const explain = explainer({ hashes: () => ({ Dockerfile: "d", "tree/a": "1", "tree/b": "changed", "tree/c": "new" }) });
    explain.explain(from);
    explain.explain({ index: 1, instruction: "RUN mkdir /tree", cached: true, imageId: "i1" });
    const miss = explain.explain({ index: 2, instruction: "COPY tree/ /tree/", cached: false, imageId: "x" });
    assert.equal(miss?.reason, "files-changed");
    assert.deepEqual(miss?.files, ["tree/b", "tree/c"]);
    assert.match(miss!.message, /tree\/b, tree\/c/);
  });

  test("a moved or edited instruction says what it was; a longer Dockerfile's new step says it is new", () => {
    const moved = explainer();
    moved.explain(from);
    const miss = moved.explain({ index: 1, instruction: "COPY tree/ /tree/", cached: false, imageId: "x" });
    assert.equal(miss?.reason, "instruction-changed");
    assert.equal(miss?.previousInstruction, "RUN mkdir /tree");
    const longer = explainer();
    for (const step of previous.steps) longer.explain({ ...step, cached: step.index > 0 });
    assert.equal(longer.explain({ index: 4, instruction: "COPY more /more", cached: false, imageId: "m" })?.reason, "new-step");
  });

  test("no-cache, no earlier build, changed build args for a RUN, a changed base image, a step the last build never finished", () => {
    const nocache = explainer({ nocache: true });
    nocache.explain(from);
    assert.equal(nocache.explain({ index: 1, instruction: "RUN mkdir /tree", cached: false, imageId: "x" })?.reason, "no-cache");
    const first = explainer({ previous: null });
    first.explain(from);
    assert.equal(first.explain({ index: 1, instruction: "RUN mkdir /tree", cached: false, imageId: "x" })?.reason, "first-build");
    const args = explainer({ buildArgs: { V: "2" } });
    args.explain(from);
    const argMiss = args.explain({ index: 1, instruction: "RUN mkdir /tree", cached: false, imageId: "x" });
    assert.equal(argMiss?.reason, "build-args-changed");
    assert.match(argMiss!.message, /\(V\)/);
    const base = explainer();
    base.explain({ ...from, imageId: "another-base" });
    assert.equal(base.explain({ index: 1, instruction: "RUN mkdir /tree", cached: false, imageId: "x" })?.reason, "base-image-changed");
    const unfinished = explainer({ previous: { ...previous, steps: [previous.steps[0]!, { ...previous.steps[1]!, imageId: null }] } });
    unfinished.explain(from);
    assert.equal(unfinished.explain({ index: 1, instruction: "RUN mkdir /tree", cached: false, imageId: "x" })?.reason, "not-built-before");
  });
});
