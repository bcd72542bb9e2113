import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { launchContainer, parseLaunchSpec, removeContainer } from "@/lib/containers/actions";
import { getDocker } from "@/lib/docker/client";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { tarOf } from "@/lib/testing/tar";
import { createVolume, removeVolume } from "@/lib/volumes/actions";
import { inspectVolume, listVolumes } from "@/lib/volumes/queries";

requireSandboxEngine();

/** `docker build` through the engine API (dockerode), as the dashboard talks to the engine. */
async function buildWithDockerode(tag: string, dockerfile: string): Promise<void> {
  const docker = getDocker();
  const stream = await docker.buildImage(Readable.from(await tarOf({ Dockerfile: dockerfile })), { t: tag });
  const messages = await new Promise<{ error?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => (error ? reject(error) : resolve(output))),
  );
  const failure = messages.find((message) => message.error);
  if (failure) throw new Error(`build of ${tag} failed: ${failure.error}`);
}

describe("volumes against the engine", () => {
  const image = `${uniqueName("it-vol")}/with-volume:1`;
  const containers: string[] = [];
  const volumes: string[] = [];

  before(async () => {
    // The sandbox's base image (scripts/lib/sandbox.sh) with a VOLUME: every container gets an anonymous volume at /data.
    await buildWithDockerode(
      image,
      'FROM local/busybox:1\nVOLUME /data\nCMD ["sh", "-c", "head -c 200000 /dev/zero > /data/blob; sleep 600"]\n',
    );
  });
  after(() => {
    for (const name of containers) docker("rm", "-f", "-v", name);
    for (const name of volumes) {
      try {
        docker("volume", "rm", name);
      } catch {
        // removed by the test
      }
    }
    docker("rmi", image);
  });

  test("a container launched from an image with VOLUME gets an anonymous volume, listed with its container and size", async () => {
    const name = uniqueName("it-anon");
    containers.push(name);
    const launched = await launchContainer({ spec: parseLaunchSpec({ name, image }), actor: "it-user", role: "operator" });
    const mounts = docker("inspect", "--format", "{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}", name).split(" ");
    const [volumeName, destination] = mounts;
    assert.match(volumeName ?? "", /^[0-9a-f]{64}$/);
    assert.equal(destination, "/data");
    volumes.push(volumeName!);

    // The container writes 200 kB into the volume after it starts.
    let listed = (await listVolumes()).volumes.find((volume) => volume.name === volumeName);
    for (let i = 0; i < 50 && (listed?.size ?? 0) < 200_000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = (await listVolumes()).volumes.find((volume) => volume.name === volumeName);
    }
    assert.ok(listed, "the anonymous volume is listed");
    assert.equal(listed.anonymous, true);
    assert.deepEqual(listed.containers, [{ id: launched.id, name, running: true, destination: "/data" }]);
    assert.ok((listed.size ?? 0) >= 200_000, `size ${listed.size}`);

    const conflict = await rejectsWithAppError(
      removeVolume({ name: volumeName!, actor: "it-user" }),
      409,
      new RegExp(`in use by container ${name}`),
    );
    assert.deepEqual(conflict.details, { containers: [{ id: launched.id, name }] });

    // Removing the container without -v leaves its anonymous volume behind, used by nobody.
    await removeContainer({ ref: name, force: true, volumes: false, actor: "it-user" });
    const orphan = await inspectVolume(volumeName!);
    assert.equal(orphan.anonymous, true);
    assert.deepEqual(orphan.containers, []);
    assert.ok((orphan.size ?? 0) >= 200_000);
    await removeVolume({ name: volumeName!, actor: "it-user" });
    assert.throws(() => docker("volume", "inspect", volumeName!));

    const { entries } = await listAuditEntries({ target: volumeName!, limit: 10 });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.outcome, entry.command, entry.actor]).reverse(), [
      ["volume.remove", "failed", `docker volume rm ${volumeName}`, "it-user"],
      ["volume.remove", "succeeded", `docker volume rm ${volumeName}`, "it-user"],
    ]);
  });

  test("a named volume created with labels; sizes are null with a reason when the disk-usage report times out", async () => {
    const name = uniqueName("it-named");
    volumes.push(name);
    const { volume, command } = await createVolume({ request: { name, labels: { purpose: "test" } }, actor: "it-user" });
    assert.equal(command, `docker volume create --label purpose=test ${name}`);
    assert.equal(volume.anonymous, false);
    assert.deepEqual(volume.labels, { purpose: "test" });
    assert.equal(docker("volume", "inspect", "--format", "{{.Labels.purpose}}", name), "test");

    const quick = await listVolumes();
    assert.equal(quick.volumes.find((listed) => listed.name === name)?.size, 0);
    const hurried = await listVolumes({ sizeTimeoutMs: 1 });
    assert.match(hurried.sizeError ?? "", /took longer than/);
    assert.equal(hurried.volumes.find((listed) => listed.name === name)?.size, null);
    await rejectsWithAppError(createVolume({ request: { name }, actor: "it-user" }), 409, /already exists/);
  });
});
