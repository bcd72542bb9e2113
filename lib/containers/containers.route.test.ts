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

  async function launch(spec: Record<string, unknown>): Promise<{ id: string; name: string; command: string }> {
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
