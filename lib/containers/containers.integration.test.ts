import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { launchContainer, parseLaunchSpec, removeContainer, runContainerAction } from "@/lib/containers/actions";
import { containerChanges, containerLogs, inspectContainer, listContainers, previewLaunch } from "@/lib/containers/queries";
import { publishedFromInspect, publishedFromSummary, publishedPortUrl } from "@/lib/containers/published-ports";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";

requireSandboxEngine();

const created: string[] = [];
after(() => {
  for (const name of created) {
    try {
      docker("rm", "-f", name);
    } catch {
      // already gone
    }
  }
});

async function launch(input: Record<string, unknown>, role: "operator" | "admin" = "operator") {
  const name = uniqueName("it-c");
  created.push(name);
  const result = await launchContainer({ spec: parseLaunchSpec({ name, ...input }), actor: "it-user", role });
  return result;
}

/** Waits for a container to exit and returns its whole log as text. */
async function outputOf(name: string): Promise<string> {
  docker("wait", name);
  const logs = await containerLogs(name, { tail: "all", timestamps: false, follow: false });
  const lines: string[] = [];
  for await (const line of logs.lines()) lines.push(line.text);
  return lines.join("\n");
}

describe("launch", () => {
  test("a command replaces the image's CMD and keeps its ENTRYPOINT", async () => {
    const { name, started, command } = await launch({ image: "seed/entry:1", cmd: ["--verbose"] });
    assert.equal(started, true);
    assert.equal(command, `docker run -d --name ${name} seed/entry:1 --verbose`);
    assert.equal(await outputOf(name), "hello from /app/run.sh with args: --verbose");
    assert.deepEqual((await inspectContainer(name)).process, ["/bin/sh", "/app/run.sh", "--verbose"]);
  });

  test("an entrypoint override replaces ENTRYPOINT and drops the image's CMD", async () => {
    const { name } = await launch({ image: "seed/entry:1", entrypoint: ["echo", "overridden"] });
    assert.equal(await outputOf(name), "overridden");
    const detail = await inspectContainer(name);
    assert.deepEqual(detail.process, ["echo", "overridden"]);
    assert.equal(detail.config.cmd, null);
  });

  test("a cleared entrypoint runs the command alone", async () => {
    const { name } = await launch({ image: "seed/entry:1", entrypoint: [], cmd: ["echo", "no-entrypoint"] });
    assert.equal(await outputOf(name), "no-entrypoint");
  });

  test("env, working dir, user, labels, ports and a named volume are applied", async () => {
    const volume = uniqueName("it-vol");
    const { name } = await launch({
      image: "local/busybox:1",
      cmd: ["sh", "-c", "echo $GREETING; pwd; id -u"],
      env: ["GREETING=hi there"],
      workingDir: "/tmp",
      user: "65534",
      labels: { team: "ops" },
      ports: ["127.0.0.1::8080"],
      volumes: [`${volume}:/data`],
      start: true,
    });
    try {
      const detail = await inspectContainer(name);
      assert.ok(detail.config.env.includes("GREETING=hi there"));
      assert.equal(detail.config.workingDir, "/tmp");
      assert.equal(detail.config.labels.team, "ops");
      assert.deepEqual(detail.hostConfig.portBindings, ["127.0.0.1::8080"]);
      assert.equal(detail.mounts.find((mount) => mount.destination === "/data")?.name, volume);
      assert.equal(await outputOf(name), "hi there\n/tmp\n65534");
    } finally {
      docker("rm", "-f", name);
      docker("volume", "rm", volume);
    }
  });

  test("create only leaves the container created, and the audit says docker create", async () => {
    const { name, started, command } = await launch({ image: "local/busybox:1", start: false, tty: true, interactive: true });
    assert.equal(started, false);
    assert.equal(command, `docker create --name ${name} -it local/busybox:1`);
    assert.equal((await inspectContainer(name)).state.status, "created");
    const { entries } = await listAuditEntries({ target: name, limit: 5 });
    assert.equal(entries[0]?.action, "container.create");
    assert.equal(entries[0]?.command, command);
  });

  test("launches from an intermediate build step's image ID", async () => {
    const history = docker("history", "-q", "--no-trunc", "seed/entry:1").split("\n");
    // The step that wrote /app/run.sh: its image has the script but not yet the ENTRYPOINT.
    const stepId = history.find(
      (id) =>
        id !== "<missing>" &&
        docker("image", "inspect", "--format", "{{json .Config.Entrypoint}}", id) === "null" &&
        docker("run", "--rm", id, "ls", "/app").includes("run.sh"),
    );
    assert.ok(stepId, "an intermediate image with /app/run.sh exists");
    const { name } = await launch({ image: stepId, cmd: ["cat", "/app/run.sh"] });
    assert.match(await outputOf(name), /GREETING from \$0/);
    assert.equal((await inspectContainer(name)).imageId, stepId);
  });

  test("the preview matches what runs", async () => {
    const preview = await previewLaunch(parseLaunchSpec({ image: "seed/entry:1", cmd: ["--verbose"] }));
    assert.deepEqual(preview.process.argv, ["/bin/sh", "/app/run.sh", "--verbose"]);
    assert.deepEqual(preview.image.cmd, ["--port", "8080"]);
  });

  test("bad input is refused before anything is created", async () => {
    const before = (await listContainers()).length;
    assert.throws(() => parseLaunchSpec({ image: "local/busybox:1", ports: ["abc"] }), /ports\.0: "abc" is not a port binding/);
    await rejectsWithAppError(launch({ image: "no-such/image:404" }), 404, /no-such\/image:404/);
    await rejectsWithAppError(launch({ image: "local/busybox:1", volumes: ["/etc:/host-etc:ro"] }), 403, /admin role/);
    await rejectsWithAppError(launch({ image: "local/busybox:1", cmd: ["/no/such/binary"] }), 409, /could not start, so it was removed/);
    assert.equal((await listContainers()).length, before);
  });
});

describe("lifecycle", () => {
  test("stop, start, pause, remove: 409 for a running container, then gone; all audited", async () => {
    // PID 1 ignores SIGTERM unless it handles it: without the trap the stop would wait 10 s.
    const { name, id } = await launch({
      image: "local/busybox:1",
      cmd: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done"],
    });
    await rejectsWithAppError(
      removeContainer({ ref: name, force: false, volumes: false, actor: "it-user" }),
      409,
      /is running: stop it first, or remove it with force/,
    );
    assert.equal((await runContainerAction({ ref: name, action: "pause", actor: "it-user" })).state, "paused");
    assert.equal((await runContainerAction({ ref: name, action: "unpause", actor: "it-user" })).state, "running");
    const stopped = await runContainerAction({ ref: name, action: "stop", actor: "it-user" });
    assert.equal(stopped.state, "exited");
    assert.equal(stopped.command, `docker stop ${name}`);
    await rejectsWithAppError(runContainerAction({ ref: name, action: "pause", actor: "it-user" }), 409, /not running/);
    const removed = await removeContainer({ ref: name, force: false, volumes: false, actor: "it-user" });
    assert.equal(removed.id, id);
    assert.equal(
      (await listContainers()).some((container) => container.name === name),
      false,
    );
    const { entries } = await listAuditEntries({ target: name, limit: 20 });
    const lines = entries.map((entry) => `${entry.outcome} ${entry.command}`);
    for (const line of [
      `failed docker rm ${name}`,
      `succeeded docker stop ${name}`,
      `succeeded docker rm ${name}`,
      `succeeded docker run -d --name ${name} local/busybox:1 sh -c 'trap '\\''exit 0'\\'' TERM; while true; do sleep 0.2; done'`,
    ]) {
      assert.ok(lines.includes(line), `${line} in ${lines.join(" | ")}`);
    }
  });

  test("force removes a running container", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sleep", "600"] });
    assert.equal((await removeContainer({ ref: name, force: true, volumes: true, actor: "it-user" })).command, `docker rm -f -v ${name}`);
    await rejectsWithAppError(inspectContainer(name), 404, /No such container/);
  });
});

describe("logs and diff", () => {
  test("follow delivers new lines as they are written, stdout and stderr apart", async () => {
    const { name } = await launch({
      image: "local/busybox:1",
      cmd: ["sh", "-c", "echo to-stderr >&2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done"],
    });
    const logs = await containerLogs(name, { tail: "all", timestamps: true, follow: true });
    const seen: { stream: string; text: string; time?: string }[] = [];
    for await (const line of logs.lines()) {
      seen.push(line);
      if (seen.some((entry) => entry.text === "tick-3")) break;
    }
    assert.ok(seen.some((line) => line.stream === "stderr" && line.text === "to-stderr"));
    assert.ok(
      seen.every((line) => /^\d{4}-\d{2}-\d{2}T/.test(line.time ?? "")),
      "every line has its timestamp",
    );
    const tail = await containerLogs(name, { tail: 1, timestamps: false, follow: false });
    const tailLines: string[] = [];
    for await (const line of tail.lines()) tailLines.push(line.text);
    assert.equal(tailLines.length, 1);
    assert.match(tailLines[0]!, /^tick-\d+$/);
  });

  test("diff lists added, changed and deleted paths of the writable layer", async () => {
    const { name } = await launch({
      image: "local/busybox:1",
      cmd: ["sh", "-c", "echo new > /added.txt && echo extra >> /etc/group && rm /etc/mtab"],
    });
    docker("wait", name);
    const { changes, counts, command } = await containerChanges(name);
    const kinds = new Map(changes.map((change) => [change.path, change.kind]));
    assert.equal(kinds.get("/added.txt"), "added");
    assert.equal(kinds.get("/etc/group"), "changed");
    assert.equal(kinds.get("/etc/mtab"), "deleted");
    assert.equal(kinds.get("/etc"), "changed");
    assert.equal(counts.added + counts.changed + counts.deleted, changes.length);
    assert.equal(command, `docker diff ${name}`);
    // Copy-on-write: the image itself still has the deleted file.
    assert.equal(docker("run", "--rm", "local/busybox:1", "ls", "/etc/mtab"), "/etc/mtab");
  });
});

describe("published ports", () => {
  test("what the engine reports for -p is what the links are made from", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sleep", "600"], ports: ["18080:80", "127.0.0.1:18081:81"] });
    const detail = await inspectContainer(name);
    // The request is kept either way: `-p` in the container's own settings.
    assert.deepEqual(detail.hostConfig.portBindings.sort(), ["127.0.0.1:18081:81", "18080:80"]);
    const published = publishedFromInspect(detail.network.ports);
    const listed = publishedFromSummary((await listContainers()).find((container) => container.name === name)!.ports);
    const context = { dockerHost: process.env.DOCKER_HOST!, pageHost: "dash.example" };
    if (!detail.network.networks.some((network) => network.ipAddress)) {
      // An engine without a bridge (the test sandbox: dockerd --bridge=none) starts the container
      // on a "bridge" without an address and publishes nothing: there is nothing to link to.
      assert.deepEqual([published, listed], [[], []]);
      return;
    }
    const urls = published.map((port) => publishedPortUrl(port, context));
    assert.ok(urls.includes("http://dash.example:18080"), JSON.stringify(urls));
    // Loopback-bound: no link from a browser elsewhere.
    assert.ok(published.some((port) => port.hostIp === "127.0.0.1") && !urls.some((url) => url?.includes("18081")));
    assert.ok(listed.length > 0);
  });
});
