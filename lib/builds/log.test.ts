import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { BuildLogParser, MAX_STEP_OUTPUT_LINES, type BuildMessage } from "@/lib/builds/log";
import { buildEventSchema, buildStepSchema } from "@/lib/builds/schemas";
import type { BuildEvent } from "@/lib/builds/types";

// Streams recorded from the private engine (Docker 20.10, POST /build, classic builder, forcerm=1).
function recorded(name: string): BuildMessage[] {
  return fs
    .readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as BuildMessage);
}

/** Feeds the messages with a clock that moves 10 ms per message; answers the parser and all events. */
function parse(messages: BuildMessage[]): { log: BuildLogParser; events: BuildEvent[] } {
  let clock = 0;
  const log = new BuildLogParser(() => clock);
  const events: BuildEvent[] = [];
  for (const message of messages) {
    clock += 10;
    events.push(...log.push(message));
  }
  events.push(...log.finish());
  return { log, events };
}

describe("BuildLogParser", () => {
  test("a first build: six instructions, six steps, FROM is step 0, each with its image, container and output", () => {
    const { log, events } = parse(recorded("build-first.ndjson"));
    const steps = log.steps;
    assert.deepEqual(
      steps.map((step) => [step.index, step.instruction, step.cached, step.imageId]),
      [
        [0, "FROM local/busybox:1", false, "5561da0cbba8"],
        [1, "WORKDIR /app", false, "248937a600c6"],
        [2, "COPY hello.txt /app/", false, "7628912f2193"],
        [3, "RUN echo built && cat /app/hello.txt", false, "2669595a72bf"],
        [4, "ENV GREETING=hi", false, "31a0c4376fce"],
        [5, 'CMD ["cat", "/app/hello.txt"]', false, "6712d0f5c13f"],
      ],
    );
    assert.equal(steps[0]!.container, null);
    assert.equal(steps[3]!.container, "c86fcce81c8f");
    assert.deepEqual(steps[3]!.output, ["built", "hello"]);
    assert.ok(steps.every((step) => step.output.every((line) => !/Removing intermediate|--->/.test(line))));
    // The RUN step: from its completed "Step" line to its image line, four messages later.
    assert.equal(steps[3]!.durationMs, 40);
    assert.equal(log.imageId, "sha256:6712d0f5c13fae50bbbf4ecbb552d82679379abf949f4cc8755d0b52f50456a4");
    assert.deepEqual(log.tags, ["rec/ok:1"]);
    assert.equal(log.cacheHits, 0);
    assert.equal(log.error, null);
    assert.equal(log.failedStep, null);
    for (const step of steps) buildStepSchema.parse(step);
    for (const event of events) buildEventSchema.parse(event);
    assert.deepEqual(
      events.filter((event) => event.type === "step").map((event) => `${event.index}/${event.total}`),
      ["0/6", "1/6", "2/6", "3/6", "4/6", "5/6"],
    );
    assert.deepEqual(
      events.filter((event) => event.type === "output"),
      [
        { type: "output", index: 3, line: "built" },
        { type: "output", index: 3, line: "hello" },
      ],
    );
    assert.equal(events.filter((event) => event.type === "step-done").length, 6);
  });

  test("the same build again: every step after FROM from the cache, same images, no containers", () => {
    const { log } = parse(recorded("build-cached.ndjson"));
    const steps = log.steps;
    assert.equal(steps.length, 6);
    assert.deepEqual(
      steps.map((step) => step.cached),
      [false, true, true, true, true, true],
    );
    assert.equal(log.cacheHits, 5);
    assert.ok(steps.every((step) => step.container === null && step.output.length === 0));
    assert.equal(steps[5]!.imageId, "6712d0f5c13f");
  });

  test("a failing RUN: the failed step, its output without colour codes, and the last good step's image", () => {
    const { log } = parse(recorded("build-failed-run.ndjson"));
    assert.match(log.error?.message ?? "", /returned a non-zero code: 1/);
    assert.equal(log.error?.code, 1);
    const failed = log.failedStep!;
    assert.equal(failed.index, 2);
    assert.equal(failed.instruction, "RUN echo about to fail && ls /nope");
    assert.equal(failed.imageId, null);
    assert.equal(failed.container, "be1baef4cab4");
    assert.deepEqual(failed.output, ["about to fail", "ls: /nope: No such file or directory"]);
    assert.ok(failed.durationMs > 0);
    assert.equal(log.lastImageId, "3ba4fd1efaa9");
    assert.equal(log.imageId, null);
    assert.deepEqual(log.logTail.slice(-3), [
      "about to fail",
      "ls: /nope: No such file or directory",
      "The command '/bin/sh -c echo about to fail && ls /nope' returned a non-zero code: 1",
    ]);
  });

  test("a multi-stage build: the second FROM is a step too, lines split across messages are joined, several tags", () => {
    const { log } = parse(recorded("build-multi-stage.ndjson"));
    const steps = log.steps;
    assert.deepEqual(
      steps.map((step) => step.instruction.split(" ")[0]),
      ["FROM", "RUN", "FROM", "ARG", "RUN", "LABEL"],
    );
    assert.equal(steps[2]!.imageId, "1bb71032372f", "FROM base is the first stage's image");
    assert.deepEqual(steps[4]!.output, ["partial line for ops", "err"]);
    // The last aux ID is the final image, not the first stage's.
    assert.equal(log.imageId, "sha256:38f4ea82553de703f22259074e71cebe63246ebf331732b1452c5b959d5d7903");
    assert.deepEqual(log.tags, ["rec/multi:1", "rec/multi:2"]);
  });

  test("warnings are kept apart; a failure before any step has no failed step and no last image", () => {
    const { log } = parse([
      { stream: "Step 1/1 : FROM nothing/here:1" },
      { stream: "\n" },
      { stream: "[Warning] One or more build-args [X] were not consumed\n" },
      { errorDetail: { message: "pull access denied for nothing/here" }, error: "pull access denied for nothing/here" },
    ]);
    assert.deepEqual(log.warnings, ["One or more build-args [X] were not consumed"]);
    assert.equal(log.failedStep?.index, 0);
    assert.equal(log.lastImageId, null);
    const early = parse([{ error: "context canceled" }]).log;
    assert.equal(early.failedStep, null);
    assert.equal(early.error?.message, "context canceled");
  });

  test("a noisy step keeps its latest lines and says how many it dropped", () => {
    const lines = Array.from({ length: MAX_STEP_OUTPUT_LINES + 10 }, (_, i) => ({ stream: `line ${i + 1}\n` }));
    const { log } = parse([
      { stream: "Step 1/2 : FROM a:1\n" },
      { stream: " ---> 0123456789ab\n" },
      { stream: "Step 2/2 : RUN seq 510\n" },
      ...lines,
    ]);
    const output = log.steps[1]!.output;
    assert.equal(output.length, MAX_STEP_OUTPUT_LINES);
    assert.equal(output[0], "… 11 earlier lines not kept");
    assert.equal(output[1], "line 12");
    assert.equal(output.at(-1), `line ${MAX_STEP_OUTPUT_LINES + 10}`);
  });
});
