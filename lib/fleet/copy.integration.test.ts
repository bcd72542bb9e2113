import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { removeEngine, addEngine } from "@/lib/engines/actions";
import { copyImage } from "@/lib/fleet/actions";
import { listFleetImages } from "@/lib/fleet/queries";
import { runToEnd } from "@/lib/images/actions";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { startSecondEngine, type SecondEngine } from "@/lib/testing/second-engine";

requireSandboxEngine();

// Copying between engines streams: the source's `docker save` is piped into the target's `docker
// load`, so the server's memory holds socket buffers, not the image. A 150 MB image makes that
// visible: a buffered copy would grow the process by at least its size.
const IMAGE_MB = 150;

describe("copying a large image between two engines", () => {
  const run = uniqueName("copy");
  const reference = `fleet-${run}:big`;
  let edge: SecondEngine;
  let edgeId = "";
  let sourceId = "";

  before(async () => {
    sourceId = buildImage(reference, `FROM local/busybox:1\nRUN dd if=/dev/zero of=/big.bin bs=1M count=${IMAGE_MB}\n`);
    edge = startSecondEngine("copy");
    edgeId = (await addEngine({ name: `edge-${run}`, host: edge.host, actor: "test" })).id;
  });
  after(async () => {
    if (edgeId) await removeEngine({ id: edgeId, actor: "test" }).catch(() => undefined);
    edge?.remove();
    docker("rmi", "-f", reference);
  });

  test(`a ${IMAGE_MB} MB image: same ID on the target, bytes of docker save, server RSS flat`, async () => {
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    const started = Date.now();
    let result;
    try {
      result = await runToEnd(await copyImage({ ref: reference, to: edgeId, actor: "test", progress: false }));
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const growth = peak - before;
    console.log(
      `copy of ${(result.bytes / 2 ** 20).toFixed(0)} MB in ${seconds.toFixed(2)} s; server RSS ${(before / 2 ** 20).toFixed(0)} MB before, peak +${(growth / 2 ** 20).toFixed(1)} MB`,
    );
    assert.equal(result.id, sourceId);
    assert.equal(edge.docker("image", "inspect", "--format", "{{.Id}}", reference), sourceId);
    assert.ok(result.bytes > IMAGE_MB * 2 ** 20, `${result.bytes} bytes copied`);
    assert.ok(
      growth < result.bytes / 2,
      `RSS grew by ${(growth / 2 ** 20).toFixed(1)} MB while ${(result.bytes / 2 ** 20).toFixed(0)} MB were copied`,
    );

    const [row] = (await listAuditEntries({ action: "image.copy", target: reference, limit: 1 })).entries;
    assert.equal(row?.outcome, "succeeded");
    assert.equal(row?.command, `docker save ${reference} | docker -H ${edge.host} load`);
  });

  test("the fleet lists the copied image on both engines with the same size", async () => {
    const fleet = await listFleetImages({ q: reference });
    assert.equal(fleet.images.length, 1);
    const [image] = fleet.images;
    assert.deepEqual(image!.engines.map((holder) => holder.id).sort(), ["default", edgeId].sort());
    assert.equal(new Set(image!.engines.map((holder) => holder.size)).size, 1);
  });
});
