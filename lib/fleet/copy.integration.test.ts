import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { createDockerClient, getDefaultEngine, type EngineConnection } from "@/lib/docker/client";
import { copyImageBetweenEngines } from "@/lib/docker/transfer";
import { addEngine, removeEngine } from "@/lib/engines/actions";
import { copyImage } from "@/lib/fleet/actions";
import { listFleetImages } from "@/lib/fleet/queries";
import { runToEnd } from "@/lib/images/actions";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { makeTlsCertificates, startPrivateEngine, type PrivateEngine, type TlsFiles } from "@/lib/testing/engines";
import { freePort } from "@/lib/testing/server";

requireSandboxEngine();

// Copying between engines streams: the source's `docker save` is piped into the target's `docker
// load`, so the server's memory holds socket buffers, not the image. A 150 MB image makes that
// visible: a buffered copy would grow the process by at least its size.
const IMAGE_MB = 150;

function dockerOn(host: string, ...args: string[]): string {
  return execFileSync("docker", ["-H", host, ...args], { encoding: "utf8", env: process.env }).trim();
}

describe("copying a large image between two engines", () => {
  const run = uniqueName("copy");
  const reference = `fleet-${run}:big`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "copy-"));
  let edge: PrivateEngine;
  let tls: TlsFiles;
  let tlsPort = 0;
  let edgeId = "";
  let sourceId = "";

  before(async () => {
    sourceId = buildImage(reference, `FROM local/busybox:1\nRUN dd if=/dev/zero of=/big.bin bs=1M count=${IMAGE_MB}\n`);
    tls = makeTlsCertificates(path.join(work, "certs"));
    tlsPort = await freePort();
    // The edge engine also listens on tcp with TLS: a target reached over the network.
    edge = startPrivateEngine(path.join(work, "edge"), [
      "--tlsverify",
      `--tlscacert=${tls.caFile}`,
      `--tlscert=${tls.serverCertFile}`,
      `--tlskey=${tls.serverKeyFile}`,
      `--host=tcp://127.0.0.1:${tlsPort}`,
    ]);
    edgeId = (await addEngine({ name: `edge-${run}`, host: edge.host, actor: "test" })).id;
  });
  after(async () => {
    if (edgeId) await removeEngine({ id: edgeId, actor: "test" }).catch(() => undefined);
    edge?.stop();
    fs.rmSync(work, { recursive: true, force: true });
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
    assert.equal(dockerOn(edge.host, "image", "inspect", "--format", "{{.Id}}", reference), sourceId);
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

  test("over tcp with TLS, a load that outlasts the client's connection timeout still completes", async () => {
    // The engine answers POST /images/load only after reading the whole archive, and docker-modem's
    // connection timeout runs until the answer: with a 300 ms timeout a plain load is cut off.
    const target: EngineConnection = {
      id: "tls-edge",
      name: "tls-edge",
      host: `tcp://127.0.0.1:${tlsPort}`,
      kind: "docker",
      docker: createDockerClient({
        host: `tcp://127.0.0.1:${tlsPort}`,
        tls: { ca: tls.ca, cert: tls.cert, key: tls.key },
        connectionTimeoutMs: 300,
      }),
    };
    const save = await getDefaultEngine().docker.getImage("seed/fat:1").get();
    await assert.rejects(target.docker.loadImage(save, { quiet: true }), "the timeout cuts a plain load off");
    (save as unknown as { destroy: () => void }).destroy();

    const copy = copyImageBetweenEngines({ source: getDefaultEngine(), target, reference: "seed/fat:1", progress: false });
    let step = await copy.next();
    while (!step.done) step = await copy.next();
    assert.deepEqual(step.value.loaded, ["seed/fat:1"]);
    assert.equal(
      dockerOn(edge.host, "image", "inspect", "--format", "{{.Id}}", "seed/fat:1"),
      docker("image", "inspect", "--format", "{{.Id}}", "seed/fat:1"),
    );
  });
});
