import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

// PID 1 ignores SIGTERM unless it handles it: without the trap every stop would wait 10 s.
const STOPS_ON_TERM = "trap 'exit 0' TERM; while true; do sleep 0.2; done";

describe("containers over HTTP", () => {
  let admin: DashboardClient;
  const names: string[] = [];

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(() => {
    for (const name of names) {
      try {
        docker("rm", "-f", name);
      } catch {
        // already gone
      }
    }
  });

  async function launch(
    spec: Record<string, unknown>,
  ): Promise<{ id: string; name: string; command: string; state: string; exitCode: number | null }> {
    const name = uniqueName("http-c");
    names.push(name);
    return await admin.json("/api/containers", { method: "POST", body: JSON.stringify({ name, ...spec }) }, 201);
  }

  test("launch answers 201 with the ID and the run line; bad fields 400 naming them; unknown image 404", async () => {
    const launched = await launch({ image: "seed/entry:1", cmd: ["--verbose"], env: ["GREETING=hey"] });
    assert.match(launched.id, /^[0-9a-f]{64}$/);
    assert.equal(launched.command, `docker run -d --name ${launched.name} -e GREETING=hey seed/entry:1 --verbose`);
    const invalid = await admin.json<{ error: string; fields: { path: string }[] }>(
      "/api/containers",
      { method: "POST", body: JSON.stringify({ image: "seed/entry:1", ports: ["99999"], restartPolicy: "sometimes" }) },
      400,
    );
    assert.deepEqual(invalid.fields.map((field) => field.path).sort(), ["ports.0", "restartPolicy"]);
    const missing = await admin.json<{ error: string }>(
      "/api/containers",
      { method: "POST", body: JSON.stringify({ image: "no-such/image:1" }) },
      404,
    );
    assert.match(missing.error, /no-such\/image:1/);
    const notJson = await admin.fetch("/api/containers", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    assert.equal(notJson.status, 400);
  });

  test("list and inspect show the container with its writable layer's size", async () => {
    const { name, id } = await launch({ image: "local/busybox:1", cmd: ["sh", "-c", "head -c 100000 /dev/zero > /blob; sleep 600"] });
    let sizeRw = 0;
    for (let i = 0; i < 50 && sizeRw < 100_000; i++) {
      const { containers } = await admin.json<{
        containers: { id: string; name: string; state: string; sizeRw: number; sizeRootFs: number }[];
      }>("/api/containers");
      const mine = containers.find((container) => container.id === id);
      assert.equal(mine?.name, name);
      sizeRw = mine!.sizeRw;
      if (sizeRw < 100_000) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(sizeRw >= 100_000, `the writable layer holds the 100 kB written (${sizeRw})`);
    const detail = await admin.json<{ state: { running: boolean }; process: string[] }>(`/api/containers/${name}`);
    assert.equal(detail.state.running, true);
    assert.equal(detail.process[0], "sh");
    await admin.json("/api/containers/no-such-container", {}, 404);
    await admin.json("/api/containers/bad%20name", {}, 400);
  });

  test("a followed log streams lines as NDJSON until the client leaves; plain text without it", async () => {
    const { name } = await launch({
      image: "local/busybox:1",
      cmd: ["sh", "-c", "echo first; echo oops >&2; while true; do echo tick; sleep 0.2; done"],
    });
    const controller = new AbortController();
    const response = await admin.fetch(`/api/containers/${name}/logs?follow=true&tail=all`, {
      headers: { accept: "application/x-ndjson" },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /ndjson/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while ((text.match(/"tick"/g) ?? []).length < 3) {
      const { value, done } = await reader.read();
      assert.equal(done, false, "the followed log stays open");
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { stream: string; text: string });
    // Each stream keeps its order; between the two the engine promises none.
    assert.deepEqual(
      lines.find((line) => line.stream === "stdout"),
      { stream: "stdout", text: "first" },
    );
    assert.ok(lines.some((line) => line.stream === "stderr" && line.text === "oops"));

    const plain = await admin.fetch(`/api/containers/${name}/logs?tail=2`);
    assert.match(plain.headers.get("content-type") ?? "", /text\/plain/);
    assert.match(await plain.text(), /^(tick|oops|first)\n(tick|oops|first)\n$/);
    const bad = await admin.fetch(`/api/containers/${name}/logs?tail=-3`);
    assert.equal(bad.status, 400);
  });

  test("a followed log of a container that has printed nothing answers at once", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sleep", "600"] });
    for (const accept of ["application/x-ndjson", "text/plain"]) {
      const controller = new AbortController();
      const started = performance.now();
      const response = await admin.fetch(`/api/containers/${name}/logs?follow=true`, { headers: { accept }, signal: controller.signal });
      assert.equal(response.status, 200);
      // Next.js sends the headers with the first body chunk: it must come without any log line.
      const first = await Promise.race([
        response.body!.getReader().read(),
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 1000)),
      ]);
      assert.notEqual(first, "timeout", `${accept}: the answer starts within a second`);
      assert.ok(performance.now() - started < 1000);
      controller.abort();
    }
  });

  test("stats: one sample, a stream of them until the client leaves, 409 when not running", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sh", "-c", "while true; do :; done"] });
    type Stats = {
      time: string;
      cpu: { percent: number };
      memory: { used: number; limit: number };
      network: { rx: number };
      blockIo: { read: number };
    };
    const sample = await admin.json<Stats>(`/api/containers/${name}/stats`);
    assert.ok(sample.cpu.percent > 10, `a busy loop uses CPU (${sample.cpu.percent} %)`);
    assert.ok(sample.memory.used > 0 && sample.memory.limit >= sample.memory.used, JSON.stringify(sample.memory));
    assert.equal(sample.network.rx, 0, "the sandbox engine gives containers no network");

    const controller = new AbortController();
    const response = await admin.fetch(`/api/containers/${name}/stats`, {
      headers: { accept: "application/x-ndjson" },
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const started = performance.now();
    while (text.trim().split("\n").filter(Boolean).length < 3) {
      const { value, done } = await reader.read();
      assert.equal(done, false, "the stream stays open while the container runs");
      text += decoder.decode(value, { stream: true });
    }
    const samples = text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Stats);
    assert.ok(performance.now() - started > 1000, "about one sample a second");
    assert.ok(new Set(samples.map((one) => one.time)).size === samples.length, "each line is a new reading");
    assert.ok(samples.at(-1)!.cpu.percent > 10);
    // The engine's stats stream is a unix-socket connection of this process: leaving closes it.
    const engineSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === "PipeWrap").length;
    const whileStreaming = engineSockets();
    controller.abort();
    await reader.cancel().catch(() => undefined);
    for (let i = 0; i < 50 && engineSockets() >= whileStreaming; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(engineSockets() < whileStreaming, "the engine's stats stream ends when the client leaves");

    docker("kill", name);
    const refused = await admin.json<{ code: string; state: string; error: string }>(`/api/containers/${name}/stats`, {}, 409);
    assert.equal(refused.code, "conflict:container");
    assert.equal(refused.state, "exited");
    assert.match(refused.error, new RegExp(`${name} is exited`));
    await admin.json("/api/containers/no-such-container/stats", {}, 404);
  });

  test("a launch whose process ends at once reports exited with its code, not started", async () => {
    const launched = await launch({ image: "local/busybox:1", cmd: ["sh", "-c", "exit 3"] });
    assert.deepEqual([launched.state, launched.exitCode], ["exited", 3]);
    const running = await launch({ image: "local/busybox:1", cmd: ["sleep", "600"] });
    assert.deepEqual([running.state, running.exitCode], ["running", null]);
  });

  test("CLI lines of commit and export name the container, not its 64-digit ID", async () => {
    const { id, name } = await launch({ image: "local/busybox:1", cmd: ["sleep", "600"] });
    const repo = `route-test/${name}`;
    await admin.json(`/api/containers/${id}/commit`, { method: "POST", body: JSON.stringify({ repo, tag: "1" }) }, 201);
    docker("rmi", `${repo}:1`);
    const exported = await admin.fetch(`/api/containers/${id}/export`);
    assert.match(exported.headers.get("content-disposition") ?? "", new RegExp(`${name}\\.tar`));
    await exported.body?.cancel();
    const { entries } = await admin.json<{ entries: { action: string; command: string; target: string }[] }>("/api/audit?limit=20");
    const commit = entries.find((entry) => entry.action === "container.commit");
    assert.equal(commit?.command, `docker commit ${name} ${repo}:1`);
    assert.equal(commit?.target, name);
  });

  test("lifecycle over HTTP: running remove is a 409 with the state; stop then remove", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sh", "-c", STOPS_ON_TERM] });
    const refused = await admin.json<{ code: string; state: string; error: string }>(`/api/containers/${name}`, { method: "DELETE" }, 409);
    assert.equal(refused.code, "conflict:container");
    assert.equal(refused.state, "running");
    const stopped = await admin.json<{ state: string; command: string }>(`/api/containers/${name}/stop`, { method: "POST" });
    assert.deepEqual([stopped.state, stopped.command], ["exited", `docker stop ${name}`]);
    await admin.json(`/api/containers/${name}/dance`, { method: "POST" }, 404);
    const removed = await admin.json<{ command: string }>(`/api/containers/${name}?volumes=true`, { method: "DELETE" });
    assert.equal(removed.command, `docker rm -v ${name}`);
    await admin.json(`/api/containers/${name}`, {}, 404);
  });

  test("diff over HTTP", async () => {
    const { name } = await launch({ image: "local/busybox:1", cmd: ["sh", "-c", "touch /new-file"] });
    docker("wait", name);
    const diff = await admin.json<{ changes: { path: string; kind: string }[]; counts: { added: number } }>(`/api/containers/${name}/diff`);
    assert.deepEqual(diff.changes, [{ path: "/new-file", kind: "added" }]);
    assert.equal(diff.counts.added, 1);
  });
});
