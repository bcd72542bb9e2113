/**
 * The analysis against a private Podman (4.3) serving its Docker-compatible API: Podman's `docker
 * save` names layers `<diff-id-hex>.tar` (not `<v1-id>/layer.tar`), and a layer the store already
 * holds must be skipped there too. The test starts its own `podman system service` in a temp dir
 * (vfs storage: no overlay mounts needed) and points this process's engine client at it. The test
 * harness installs podman (scripts/lib/sandbox.sh); without it the test fails rather than skips.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startPodmanService } from "@/lib/testing/podman";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "it-podman-"));
const socket = path.join(work, "podman.sock");
// Before any engine module reads its configuration: this file's process talks to Podman only.
process.env.DOCKER_HOST = `unix://${socket}`;

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");

function docker(...args: string[]): string {
  const result = spawnSync("docker", args, { encoding: "utf8", env: { ...process.env, DOCKER_HOST: `unix://${socket}` } });
  if (result.status !== 0) throw new Error(`docker ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

describe("layer analysis against a private Podman", () => {
  let podman: { stop: () => void } | null = null;

  before(async () => {
    podman = await startPodmanService(work);
    // A busybox root filesystem imported (one layer), and an image built on it with one COPY.
    const rootfs = path.join(work, "rootfs");
    fs.mkdirSync(path.join(rootfs, "bin"), { recursive: true });
    fs.copyFileSync("/bin/busybox", path.join(rootfs, "bin", "busybox"));
    fs.symlinkSync("busybox", path.join(rootfs, "bin", "sh"));
    spawnSync("tar", ["-C", rootfs, "-cf", path.join(work, "base.tar"), "."]);
    docker("import", path.join(work, "base.tar"), "localhost/it-podman/base:1");
    const context = path.join(work, "context");
    fs.mkdirSync(context);
    fs.writeFileSync(path.join(context, "hello.txt"), "hello from podman\n");
    fs.writeFileSync(path.join(context, "Dockerfile"), "FROM localhost/it-podman/base:1\nCOPY hello.txt /hello.txt\n");
    docker("build", "-q", "-t", "localhost/it-podman/top:1", context);
  });

  after(() => {
    podman?.stop();
    // vfs layers are plain folders; podman leaves them owned by root, which is who runs this.
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("Podman's `<diff-id>.tar` layers are parsed and verified, and a shared layer is skipped in the next image", async () => {
    const { saveImageFromEngine } = await import("@/lib/docker/transfer");
    const { runAnalysis } = await import("@/lib/layers/analysis-run");
    const { SqliteLayerStore } = await import("@/lib/layers/store");
    const folder = fs.readdirSync(MIGRATIONS).find((name) => name.endsWith("_layer_analysis"))!;
    const store = SqliteLayerStore.openTemporary(fs.readFileSync(path.join(MIGRATIONS, folder, "migration.sql"), "utf8"), work);
    try {
      const analyse = async (reference: string) => {
        const inspect = JSON.parse(docker("image", "inspect", reference)) as { Id: string; Size: number; RootFS: { Layers: string[] } }[];
        const image = inspect[0]!;
        return runAnalysis({
          store,
          source: {
            imageId: image.Id,
            diffIds: image.RootFS.Layers,
            repoTags: [reference],
            size: image.Size,
            open: () => saveImageFromEngine(image.Id),
          },
          base: { layers: 1, image: null },
        });
      };

      const archiveNames = spawnSync("sh", ["-c", "docker save localhost/it-podman/base:1 | tar -t"], {
        encoding: "utf8",
        env: { ...process.env, DOCKER_HOST: `unix://${socket}` },
      }).stdout;
      assert.match(archiveNames, /^[0-9a-f]{64}\.tar$/m, "Podman's archive names its layer <hex>.tar");

      const base = await analyse("localhost/it-podman/base:1");
      assert.deepEqual(
        base.layers.map((layer) => layer.status),
        ["parsed"],
      );
      assert.equal(base.analysis.layers[0]!.entryCount > 0, true);

      const top = await analyse("localhost/it-podman/top:1");
      assert.deepEqual(
        top.layers.map((layer) => layer.status),
        ["skipped", "parsed"],
      );
      assert.equal(top.layers[0]!.diffId, base.layers[0]!.diffId);
      // The skipped layer's entries come from the store: the union still sees busybox.
      assert.equal(top.analysis.layers[0]!.entryCount, base.analysis.layers[0]!.entryCount);
      assert.equal(top.analysis.layers[1]!.files.added, 1);
    } finally {
      await store.close();
    }
  });
});
