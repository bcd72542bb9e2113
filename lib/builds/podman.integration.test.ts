/**
 * A build against a private Podman (4.3) serving its Docker-compatible API is refused with a
 * message saying why, before anything is recorded or sent: Podman builds with Buildah, which has
 * no classic builder (no image per step). The test starts its own `podman system service` in a
 * temp dir and points this process's engine client at it (the harness installs podman).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startPodmanService } from "@/lib/testing/podman";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "it-podman-build-"));
const socket = path.join(work, "podman.sock");
// Before any engine module reads its configuration: this file's process talks to Podman only.
process.env.DOCKER_HOST = `unix://${socket}`;

describe("builds on a Podman engine", () => {
  let podman: { stop: () => void } | null = null;

  before(async () => {
    podman = await startPodmanService(work);
  });

  after(() => {
    podman?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("are refused with a message naming Podman and what to do instead", async () => {
    const { buildImage } = await import("@/lib/builds/actions");
    const { buildOptionsOf } = await import("@/lib/builds/options");
    const { isAppError } = await import("@/lib/errors");
    await assert.rejects(
      buildImage({
        input: { source: "typed", dockerfile: "FROM busybox:1\n", files: {} },
        options: buildOptionsOf({ tag: "it/podman:1" }),
        actor: "it",
      }),
      (error: unknown) => {
        assert.ok(isAppError(error));
        assert.equal(error.code, "conflict:build");
        assert.match(error.message, new RegExp(`The engine at unix://${socket} is Podman 4\\.`));
        assert.match(error.message, /podman build/);
        return true;
      },
    );
  });
});
