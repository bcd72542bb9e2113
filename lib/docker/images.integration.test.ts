import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { getEngineInfo } from "@/lib/docker/engine";
import { getImageDetail, listImages } from "@/lib/images/queries";
import { AppError } from "@/lib/errors";
import { buildImage, docker, eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";

requireSandboxEngine();

describe("engine", () => {
  test("reports version, API version, platform and storage driver of the private engine", async () => {
    const info = await getEngineInfo();
    assert.equal(info.reachable, true);
    if (!info.reachable) return;
    assert.match(info.version, /^\d+\.\d+/);
    assert.match(info.apiVersion, /^1\.\d+$/);
    assert.equal(info.os, "linux");
    assert.equal(info.storageDriver, "overlay2");
    assert.equal(info.dockerHost, process.env.DOCKER_HOST);
  });
});

describe("images list", () => {
  const container = uniqueName("it-list");
  before(() => {
    docker("create", "--name", container, "--network", "none", "seed/web:1", "true");
  });
  after(() => {
    docker("rm", "-f", container);
  });

  test("lists every fixture with its tags, sizes and layer counts", async () => {
    const { images } = await listImages();
    const web2 = images.find((image) => image.repoTags.includes("seed/web:2"));
    assert.ok(web2, "seed/web:2 is listed");
    assert.deepEqual([...web2.repoTags].sort(), ["seed/web:2", "seed/web:latest"]);
    assert.equal(web2.layerCount, 3);
    assert.equal(web2.shortId, web2.id.slice(7, 19));
    const fat = images.find((image) => image.repoTags.includes("seed/fat:1"))!;
    // Seed 000: the deleted 50 MB file still counts, because the deletion is only a whiteout.
    assert.ok(fat.size > 50 * 1024 * 1024, `seed/fat:1 is ${fat.size} bytes`);
    assert.ok(fat.uniqueSize >= 50 * 1024 * 1024);
  });

  test("shared and unique bytes follow the layers images stack in common", async () => {
    const { images } = await listImages();
    const base = images.find((image) => image.repoTags.includes("local/busybox:1"))!;
    const web1 = images.find((image) => image.repoTags.includes("seed/web:1"))!;
    const web2 = images.find((image) => image.repoTags.includes("seed/web:2"))!;
    // Both web images stack the base and the same `RUN mkdir ... index.html` layer.
    assert.ok(web1.sharedSize > base.size, "web:1 shares more than the base layer");
    assert.equal(web1.sharedSize, web2.sharedSize);
    assert.equal(web1.sharedSize + web1.uniqueSize, web1.size);
    assert.equal(base.uniqueSize, 0, "every image here is built on the base layer");
  });

  test("counts containers per image, stopped ones included", async () => {
    await eventually(async () => {
      const { images } = await listImages();
      const web1 = images.find((image) => image.repoTags.includes("seed/web:1"))!;
      const web2 = images.find((image) => image.repoTags.includes("seed/web:2"))!;
      assert.equal(web1.containers, 1);
      assert.equal(web2.containers, 0);
    });
  });

  test("a change made outside the dashboard shows once the engine announces it", async () => {
    await listImages();
    const tag = `it/outside:${uniqueName("t")}`;
    docker("tag", "seed/web:1", tag);
    try {
      await eventually(async () => {
        const { images } = await listImages();
        assert.ok(
          images.some((image) => image.repoTags.includes(tag)),
          `${tag} is listed`,
        );
      }, 2_000);
      docker("rmi", tag);
      await eventually(async () => {
        const { images } = await listImages();
        assert.ok(!images.some((image) => image.repoTags.includes(tag)), `${tag} is gone`);
      }, 2_000);
    } finally {
      try {
        docker("rmi", tag);
      } catch {
        // removed above
      }
    }
  });

  test("totals count shared layers once and name what pruning frees", async () => {
    const { images, totals } = await listImages();
    assert.equal(totals.count, images.length);
    const sumOfSizes = images.reduce((sum, image) => sum + image.size, 0);
    assert.ok(totals.totalSize < sumOfSizes, "shared layers are counted once");
    assert.equal(totals.unusedCount, images.filter((image) => image.containers === 0).length);
    assert.ok(totals.unusedSize > 0 && totals.unusedSize <= totals.totalSize);
  });

  test("an image replaced by a rebuild under the same tag is dangling", async () => {
    const tag = `it/rebuilt:${uniqueName("t")}`;
    const oldId = buildImage(tag, `FROM local/busybox:1\nLABEL it.version=1 it.run="${tag}"\n`);
    buildImage(tag, `FROM local/busybox:1\nLABEL it.version=2 it.run="${tag}"\n`);
    try {
      await eventually(async () => {
        const { images, totals } = await listImages();
        const dangling = images.find((image) => image.id === oldId);
        assert.ok(dangling, "the replaced image is still listed");
        assert.equal(dangling.dangling, true);
        assert.deepEqual(dangling.repoTags, []);
        assert.ok(totals.danglingCount >= 1);
      });
    } finally {
      docker("rmi", oldId);
      docker("rmi", tag);
    }
  });
});

describe("image detail", () => {
  test("seed/fat:1: WORKDIR and RUN rm made 0-byte layers, CMD made none (intermediate images)", async () => {
    const detail = await getImageDetail("seed/fat:1");
    const steps = detail.history.map((step) => [step.keyword, step.layerIndex, step.size]);
    assert.deepEqual(
      steps.map(([keyword, layer]) => [keyword, layer]),
      [
        ["IMPORT", 0],
        ["WORKDIR", 1],
        ["RUN", 2],
        ["RUN", 3],
        ["CMD", null],
      ],
    );
    assert.equal(detail.alignment.source, "intermediate-images");
    const rm = detail.history[3]!;
    assert.equal(rm.instruction, "RUN rm /data/big.bin");
    assert.equal(rm.size, 0);
    assert.equal(rm.emptyLayer, false);
    assert.equal(rm.diffId, detail.layers[3]!.diffId);
    assert.equal(detail.history[1]!.instruction, "WORKDIR /data");
    assert.equal(detail.history[4]!.emptyLayer, true);
    assert.equal(detail.layers[2]!.size, 50 * 1024 * 1024);
    assert.equal(detail.layers[2]!.instruction, "RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50");
  });

  test("seed/loaded:1: <missing> history IDs, layers still right (the config's empty_layer flags)", async () => {
    const detail = await getImageDetail("seed/loaded:1");
    assert.equal(detail.alignment.source, "config");
    assert.deepEqual(
      detail.history.map((step) => step.id === null),
      [true, true, true, true, true, false],
    );
    assert.deepEqual(
      detail.history.map((step) => step.layerIndex),
      [0, 1, 2, 3, null, null],
    );
    assert.equal(detail.history[3]!.instruction, "RUN rm /cache/blob.bin");
  });

  test("each layer names the other images that stack it", async () => {
    const detail = await getImageDetail("seed/web:1");
    const base = detail.layers[0]!;
    const sharers = base.sharedWith.flatMap((image) => image.repoTags);
    assert.ok(sharers.includes("local/busybox:1"));
    assert.ok(sharers.includes("seed/fat:1"));
    assert.ok(detail.layers[1]!.sharedWith.some((image) => image.repoTags.includes("seed/web:2")));
    assert.deepEqual(detail.layers[2]!.sharedWith, [], "the version file layer is web:1's own");
  });

  test("config: ENTRYPOINT and CMD combine into the start command; every section is read", async () => {
    const { config } = await getImageDetail("seed/entry:1");
    assert.deepEqual(config.entrypoint, ["/bin/sh", "/app/run.sh"]);
    assert.deepEqual(config.cmd, ["--port", "8080"]);
    assert.deepEqual(config.startCommand, ["/bin/sh", "/app/run.sh", "--port", "8080"]);
    assert.ok(config.env.includes("GREETING=hello"));
    assert.deepEqual([...config.exposedPorts].sort(), ["8080/tcp", "9090/udp"]);
    assert.deepEqual(config.volumes, ["/app/data"]);
    assert.equal(config.workingDir, "/app");
    assert.equal(config.user, "root");
    assert.equal(config.labels.maintainer, "ops@example.com");
    assert.deepEqual(config.onBuild, ["RUN echo child build"]);
    assert.deepEqual(config.healthcheck?.test, ["CMD", "true"]);
    assert.equal(config.healthcheck?.interval, 30_000_000_000);
    assert.equal(config.os, "linux");
  });

  test("lists the containers created from the image", async () => {
    const name = uniqueName("it-detail");
    docker("create", "--name", name, "--network", "none", "seed/entry:1");
    try {
      await eventually(async () => {
        const detail = await getImageDetail("seed/entry:1");
        assert.deepEqual(
          detail.containers.map((container) => container.name),
          [name],
        );
        assert.equal(detail.containers[0]!.state, "created");
        assert.equal(detail.summary.containers, 1);
      });
    } finally {
      docker("rm", "-f", name);
    }
  });

  test("an unknown image is a 404 naming it", async () => {
    await assert.rejects(getImageDetail("seed/none:404"), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.type, "not_found");
      assert.match(error.message, /seed\/none:404/);
      return true;
    });
  });

  test("an intermediate build image (from history) can be opened too", async () => {
    const fat = await getImageDetail("seed/fat:1");
    const ddStep = fat.history[2]!;
    assert.ok(ddStep.id);
    const intermediate = await getImageDetail(ddStep.id);
    assert.equal(intermediate.layers.length, 3);
    assert.deepEqual(intermediate.summary.repoTags, []);
  });
});
