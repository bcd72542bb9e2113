import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Docker from "dockerode";
import { pack } from "tar-stream";
import type * as EventHub from "@/lib/events/hub";
import type { LiveEvent } from "@/lib/events/types";
import { eventually } from "@/lib/testing/docker-cli";
import { startPrivateEngine, type PrivateEngine } from "@/lib/testing/engines";

// This test stops and starts an engine, so it runs its own private dockerd in a temp dir, never
// the shared one the other tests use. The dashboard reads DOCKER_HOST once, so it is set before
// the hub is loaded.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-events-"));
const socketPath = path.join(dir, "docker.sock");
process.env.DOCKER_HOST = `unix://${socketPath}`;
process.env.DASHBOARD_DATA_DIR ??= dir;
const engine = new Docker({ socketPath });

/** The private engine, started and stopped the way the harness does it (lib/testing/engines.ts). */
let running: PrivateEngine | null = null;

function startEngine(): void {
  running = startPrivateEngine(dir);
}

function stopEngine(): void {
  running?.stop();
  running = null;
}

/** A one-file image imported through the engine API (the new engine has none). */
async function importTinyImage(reference: string): Promise<void> {
  const archive = pack();
  archive.entry({ name: "hello.txt" }, "hello\n");
  archive.finalize();
  const [repo, tag] = reference.split(":");
  const progress = await engine.importImage(archive as unknown as NodeJS.ReadableStream, { repo, tag });
  await new Promise((resolve, reject) => engine.modem.followProgress(progress, (error) => (error ? reject(error) : resolve(null))));
}

describe("the shared engine subscription, against an engine that stops and starts", { timeout: 180_000 }, () => {
  let hub: typeof EventHub;
  const received: (LiveEvent & { at: number })[] = [];
  let unsubscribe: (() => void) | null = null;

  before(async () => {
    startEngine();
    hub = await import("@/lib/events/hub");
  });
  after(async () => {
    unsubscribe?.();
    hub?.closeEngineSubscriptions();
    stopEngine();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a tag made with the engine API arrives as an image event naming the new reference", async () => {
    unsubscribe = hub.subscribeToEngineEvents("default", (event) => received.push({ ...event, at: Date.now() }));
    await eventually(async () => assert.ok(received.some((event) => event.type === "engine-state" && event.action === "up")), 10_000);
    await importTinyImage("live/tiny:1");
    const started = Date.now();
    await engine.getImage("live/tiny:1").tag({ repo: "live/tiny", tag: "2" });
    await eventually(async () => {
      const tagged = received.find((event) => event.type === "image" && event.action === "tag" && event.name === "live/tiny:2");
      assert.ok(tagged, JSON.stringify(received));
      assert.equal(tagged.id, (await engine.getImage("live/tiny:1").inspect()).Id);
      assert.ok(tagged.at - started < 1_000, `arrived after ${tagged.at - started} ms`);
    });
    assert.equal(hub.engineSubscriptionStatus("default").streaming, true);
  });

  test("the engine stops: down, with the reason; it starts again: up within 5 s of answering", async (t) => {
    received.length = 0;
    stopEngine();
    const stoppedAt = Date.now();
    const down = await eventually(async () => {
      const event = received.find((candidate) => candidate.type === "engine-state" && candidate.action === "down");
      assert.ok(event, JSON.stringify(received));
      return event;
    }, 5_000);
    assert.equal(down.type, "engine-state");
    if (down.type === "engine-state") assert.ok(down.reason && down.reason.length > 0, "says why");
    // Retries meanwhile say why it cannot connect: the socket is gone.
    await eventually(async () => {
      const latest = hub.engineSubscriptionStatus("default").state;
      assert.match(latest?.reason ?? "", /not reachable: the socket does not exist|connection was refused/);
    }, 5_000);

    startEngine();
    const answering = Date.now();
    const up = await eventually(async () => {
      const event = received.find((candidate) => candidate.type === "engine-state" && candidate.action === "up");
      assert.ok(event, JSON.stringify(received));
      return event;
    }, 5_000);
    assert.ok(up.at - answering <= 5_000, `seen up ${up.at - answering} ms after the engine answered`);
    t.diagnostic(`down ${down.at - stoppedAt} ms after the engine stopped; up ${up.at - answering} ms after it answered again`);

    // And events flow again on the new stream.
    await engine.getImage("live/tiny:1").tag({ repo: "live/tiny", tag: "3" });
    await eventually(async () => assert.ok(received.some((event) => event.type === "image" && event.name === "live/tiny:3")));
  });

  test("the engine stream lingers after the last listener leaves (a reload reuses it); once released, the next listener reopens it", async () => {
    unsubscribe?.();
    unsubscribe = null;
    // Lingers: a page reload must not reopen the engine's stream.
    assert.equal(hub.engineSubscriptionStatus("default").streaming, true);
    const again = hub.subscribeToEngineEvents("default", () => undefined);
    assert.equal(hub.engineSubscriptionStatus("default").listeners, 1);
    again();
    hub.closeEngineSubscriptions();
    assert.deepEqual(hub.engineSubscriptionStatus("default"), { listeners: 0, streaming: false, state: null });
    const events: LiveEvent[] = [];
    const last = hub.subscribeToEngineEvents("default", (event) => events.push(event));
    await eventually(async () => assert.ok(events.some((event) => event.type === "engine-state" && event.action === "up")), 5_000);
    last();
  });
});
