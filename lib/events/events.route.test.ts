import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closeEngineSubscriptions, engineSubscriptionStatus } from "@/lib/events/hub";
import { serverSentEvents } from "@/lib/events/sse";
import type { LiveEvent } from "@/lib/events/types";
import { docker, eventually, uniqueName } from "@/lib/testing/docker-cli";
import { prepareRouteTests, routeClient, signInRoute } from "@/lib/testing/route-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import type { DashboardClient } from "@/lib/testing/http-client";

prepareRouteTests();

/** An open `GET /api/events`: the events read so far, and a way to wait for one. */
class EventStreamReader {
  readonly events: LiveEvent[] = [];
  text = "";
  closed = false;
  private waiters: (() => void)[] = [];
  constructor(
    readonly response: Response,
    readonly controller: AbortController,
  ) {
    void this.pump();
  }

  private async pump(): Promise<void> {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.text += decoder.decode(value, { stream: true });
        let end = this.text.indexOf("\n\n");
        while (end !== -1) {
          const block = this.text.slice(0, end);
          this.text = this.text.slice(end + 2);
          for (const line of block.split("\n")) if (line.startsWith("data: ")) this.events.push(JSON.parse(line.slice(6)) as LiveEvent);
          end = this.text.indexOf("\n\n");
        }
        this.notify();
      }
    } catch {
      // aborted
    }
    this.closed = true;
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  async waitFor(match: (event: LiveEvent) => boolean, timeoutMs = 5_000): Promise<LiveEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`the stream closed before the event came: ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such event within ${timeoutMs} ms: ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the stream was still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): void {
    this.controller.abort();
  }
}

async function openEvents(client: DashboardClient, query = ""): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await client.fetch(`/api/events${query}`, { headers: { accept: "text/event-stream" }, signal: controller.signal });
  assert.equal(response.status, 200, await (response.status === 200 ? Promise.resolve("") : response.text()));
  return new EventStreamReader(response, controller);
}

describe("GET /api/events", () => {
  const clients = signInEveryRole();
  const cleanup: string[][] = [];
  after(() => {
    for (const args of cleanup) {
      try {
        docker(...args);
      } catch {
        // already gone
      }
    }
    closeEngineSubscriptions();
  });

  test("a viewer gets the engine's state first, then a CLI tag and a CLI container as they happen", async () => {
    const stream = await openEvents(clients.viewer);
    try {
      assert.match(stream.response.headers.get("content-type") ?? "", /^text\/event-stream/);
      assert.match(stream.response.headers.get("cache-control") ?? "", /no-store/);
      const state = await stream.waitFor((event) => event.type === "engine-state");
      assert.equal(state.action, "up");
      assert.equal(state.id, "default");
      assert.equal(state.name, process.env.DOCKER_HOST);

      const repo = `live/${uniqueName("tag")}`;
      const started = Date.now();
      docker("tag", "local/busybox:1", `${repo}:1`);
      cleanup.push(["rmi", `${repo}:1`]);
      const tagged = await stream.waitFor((event) => event.type === "image" && event.action === "tag" && event.name === `${repo}:1`);
      assert.ok(Date.now() - started < 2_000, `the tag arrived after ${Date.now() - started} ms`);
      assert.equal(tagged.id, docker("image", "inspect", "--format", "{{.Id}}", "local/busybox:1"));

      const name = uniqueName("live");
      const id = docker("create", "--name", name, "local/busybox:1", "true");
      cleanup.push(["rm", "-f", name]);
      const created = await stream.waitFor((event) => event.type === "container" && event.action === "create" && event.id === id);
      assert.equal(created.name, name);
      assert.ok(!Number.isNaN(Date.parse(created.time)));
    } finally {
      stream.close();
    }
  });

  test("every open stream shares one engine subscription, which the last one to leave releases", async () => {
    const streams = await Promise.all([
      openEvents(clients.viewer),
      openEvents(clients.operator),
      openEvents(clients.admin, "?engine=default"),
    ]);
    try {
      await Promise.all(streams.map((stream) => stream.waitFor((event) => event.type === "engine-state")));
      const status = engineSubscriptionStatus("default");
      assert.ok(status.listeners >= 3, `listeners: ${status.listeners}`);
      assert.equal(status.streaming, true);
      // One volume event reaches all three through the one engine stream.
      const volume = uniqueName("live");
      docker("volume", "create", volume);
      cleanup.push(["volume", "rm", volume]);
      for (const stream of streams) await stream.waitFor((event) => event.type === "volume" && event.name === volume);
    } finally {
      for (const stream of streams) stream.close();
    }
    // A client that leaves is unsubscribed (the body is cancelled), not left in the hub.
    await eventually(async () => assert.equal(engineSubscriptionStatus("default").listeners, 0), 3_000);
  });

  test("a quiet stream carries a heartbeat comment; cancelling it unsubscribes", async () => {
    // The stream's timers do not keep a process alive (a server's sockets do): this test's wait must.
    const keepAlive = setInterval(() => undefined, 1_000);
    after(() => clearInterval(keepAlive));
    const body = serverSentEvents("default", { heartbeatMs: 100 });
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(": heartbeat")) {
      const { value, done } = await reader.read();
      assert.equal(done, false);
      text += decoder.decode(value, { stream: true });
    }
    assert.match(text, /^retry: 2000\n/);
    assert.ok(engineSubscriptionStatus("default").listeners >= 1);
    await reader.cancel();
    clearInterval(keepAlive);
    assert.equal(engineSubscriptionStatus("default").listeners, 0);
  });

  test("an unknown engine is a 404 naming it; no events without signing in", async () => {
    const unknown = await clients.viewer.fetch("/api/events?engine=elsewhere");
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /No engine with id elsewhere/);

    const anonymous = await routeClient().fetch("/api/events");
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("content-type") ?? "", /json/);
  });

  test("a stream ends within seconds of its session being signed out", async () => {
    const username = uniqueName("leaver");
    await clients.admin.json(
      "/api/users",
      { method: "POST", body: JSON.stringify({ username, password: "leaver-password-1", role: "viewer" }) },
      201,
    );
    const leaver = await signInRoute(username, "leaver-password-1");
    const stream = await openEvents(leaver);
    try {
      await stream.waitFor((event) => event.type === "engine-state");
      const out = await leaver.fetch("/api/auth/logout", { method: "POST" });
      assert.equal(out.status, 200);
      await stream.waitClosed(8_000);
      // Nothing that happens afterwards reaches it, and a new stream is refused.
      const again = await leaver.fetch("/api/events");
      assert.equal(again.status, 401);
    } finally {
      stream.close();
    }
  });
});
