import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyProgress, classifyRegistryError, initialProgress, type ProgressMessage } from "@/lib/progress/docker-progress";

const fold = (messages: ProgressMessage[]) => messages.reduce(applyProgress, initialProgress);

describe("applyProgress", () => {
  test("a push: Preparing, Pushing x of y, Pushed, Layer already exists, digest", () => {
    const state = fold([
      { status: "The push refers to repository [127.0.0.1:5055/team/app]" },
      { status: "Preparing", id: "aaa", progressDetail: {} },
      { status: "Preparing", id: "bbb", progressDetail: {} },
      { status: "Pushing", id: "aaa", progressDetail: { current: 512, total: 2048 }, progress: "[==> ]" },
      { status: "Layer already exists", id: "bbb", progressDetail: {} },
      { status: "Pushing", id: "aaa", progressDetail: { current: 2048, total: 2048 } },
      { status: "Pushed", id: "aaa", progressDetail: {} },
      { status: `1: digest: sha256:${"c".repeat(64)} size: 739` },
      { aux: { Tag: "1", Digest: `sha256:${"c".repeat(64)}`, Size: 739 } },
    ]);
    assert.equal(state.error, null);
    assert.equal(state.digest, `sha256:${"c".repeat(64)}`);
    assert.deepEqual(
      state.layers.map((layer) => [layer.id, layer.status, layer.done]),
      [
        ["aaa", "Pushed", true],
        ["bbb", "Layer already exists", true],
      ],
    );
    assert.equal(state.layers[0]!.current, 2048);
    assert.equal(state.bytes, 2048);
    assert.match(state.messages[0]!, /push refers to repository/);
  });

  test("a pull: per-layer download bars, then complete", () => {
    const state = fold([
      { status: "Pulling from team/app", id: "1" },
      { status: "Pulling fs layer", id: "l1", progressDetail: {} },
      { status: "Downloading", id: "l1", progressDetail: { current: 100, total: 400 } },
      { status: "Download complete", id: "l1", progressDetail: {} },
      { status: "Extracting", id: "l1", progressDetail: { current: 400, total: 400 } },
      { status: "Pull complete", id: "l1", progressDetail: {} },
      { status: `Digest: sha256:${"d".repeat(64)}` },
      { status: "Status: Downloaded newer image for 127.0.0.1:5055/team/app:1" },
    ]);
    assert.equal(state.layers.length, 1);
    assert.equal(state.layers[0]!.done, true);
    assert.equal(state.layers[0]!.total, 400);
    assert.equal(state.digest, `sha256:${"d".repeat(64)}`);
    assert.ok(state.messages.some((line) => line.startsWith("Status: Downloaded")));
  });

  test("a copy between engines: one bar of bytes copied, done when Copied", () => {
    const state = fold([
      { status: "Copying", id: "f49db0cca338", progressDetail: { current: 1000, total: 5000 } },
      { status: "Copying", id: "f49db0cca338", progressDetail: { current: 5100, total: 5100 } },
    ]);
    assert.equal(state.layers[0]!.done, false);
    const done = applyProgress(state, { status: "Copied", id: "f49db0cca338", progressDetail: { current: 5100, total: 5100 } });
    assert.deepEqual([done.layers[0]!.done, done.bytes], [true, 5100]);
  });

  test("an error inside the stream is the outcome", () => {
    const state = fold([
      { status: "Preparing", id: "aaa" },
      { errorDetail: { message: "unauthorized: authentication required" }, error: "unauthorized: authentication required" },
    ]);
    assert.equal(state.error, "unauthorized: authentication required");
  });
});

describe("classifyRegistryError", () => {
  test("authentication failures in the engine's words", () => {
    for (const message of [
      "unauthorized: authentication required",
      "no basic auth credentials",
      "denied: requested access to the resource is denied",
      'Get "http://127.0.0.1:5055/v2/": unauthorized',
      "pull access denied for x, repository does not exist or may require 'docker login'",
    ]) {
      assert.equal(classifyRegistryError(message), "authentication", message);
    }
  });

  test("missing images", () => {
    assert.equal(classifyRegistryError("manifest for 127.0.0.1:5055/x:1 not found: manifest unknown: manifest unknown"), "not-found");
    assert.equal(classifyRegistryError("An image does not exist locally with the tag: 127.0.0.1:5055/x"), "not-found");
  });

  test("anything else", () => {
    assert.equal(classifyRegistryError("connection refused"), "other");
  });
});
