import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { readEngineEventMessages, type EngineEventMessage } from "@/lib/docker/events";
import { engineStateEvent, toEngineObjectEvent } from "@/lib/events/mapping";
import { liveEventSchema } from "@/lib/events/schemas";

// Messages as Docker 20.10 wrote them (`curl --unix-socket … /events` while tagging, untagging,
// creating and removing), trimmed of the legacy fields a newer engine no longer sends.
const IMAGE_ID = "sha256:6856996928369e1933d7889751fc4631a77635e488dc688b490cb9d26148bb54";
const CONTAINER_ID = "e49639b6013d4a558f995f2a9a803f6218f158241d7ebe6a1dfe55bebd4cd783";
const recorded: Record<string, EngineEventMessage> = {
  tag: {
    Type: "image",
    Action: "tag",
    Actor: { ID: IMAGE_ID, Attributes: { name: "probe/x:1" } },
    scope: "local",
    time: 1795971244,
    timeNano: 1795971244103404590,
  },
  untag: {
    Type: "image",
    Action: "untag",
    Actor: { ID: IMAGE_ID, Attributes: { name: IMAGE_ID } },
    time: 1795971244,
    timeNano: 1795971244118507432,
  },
  create: {
    Type: "container",
    Action: "create",
    Actor: { ID: CONTAINER_ID, Attributes: { image: "local/busybox:1", name: "probe1" } },
    time: 1795971244,
    timeNano: 1795971244203803693,
  },
  volume: { Type: "volume", Action: "create", Actor: { ID: "pv", Attributes: { driver: "local" } }, time: 1795971244 },
  connect: {
    Type: "network",
    Action: "connect",
    Actor: { ID: "4f1c", Attributes: { container: CONTAINER_ID, name: "backend", type: "bridge" } },
    time: 1795971244,
  },
  health: {
    Type: "container",
    Action: "health_status: healthy",
    Actor: { ID: CONTAINER_ID, Attributes: { name: "probe1" } },
    time: 1795971245,
  },
};

describe("engine events → the dashboard's events", () => {
  test("a tag names the new reference, an untag what the engine names (the image ID on 20.10)", () => {
    const tag = toEngineObjectEvent(recorded.tag!, "default");
    assert.deepEqual(tag, {
      type: "image",
      action: "tag",
      id: IMAGE_ID,
      name: "probe/x:1",
      time: "2026-11-29T16:54:04.103Z",
      engine: "default",
    });
    assert.equal(toEngineObjectEvent(recorded.untag!, "default")?.name, IMAGE_ID);
    for (const message of Object.values(recorded)) liveEventSchema.parse(toEngineObjectEvent(message, "default"));
  });

  test("a container's name, a volume's ID as its name, a network's connected container", () => {
    assert.equal(toEngineObjectEvent(recorded.create!, "default")?.name, "probe1");
    assert.deepEqual(toEngineObjectEvent(recorded.volume!, "default"), {
      type: "volume",
      action: "create",
      id: "pv",
      name: "pv",
      time: "2026-11-29T16:54:04.000Z",
      engine: "default",
    });
    const connect = toEngineObjectEvent(recorded.connect!, "default");
    assert.equal(connect?.name, "backend");
    assert.equal(connect?.container, CONTAINER_ID);
    // The action keeps the engine's detail; the browser reads the part before the colon.
    assert.equal(toEngineObjectEvent(recorded.health!, "default")?.action, "health_status: healthy");
  });

  test("messages about what the dashboard does not show, or without an actor, are dropped", () => {
    assert.equal(toEngineObjectEvent({ Type: "daemon", Action: "reload", Actor: { ID: "x" } }, "default"), null);
    assert.equal(toEngineObjectEvent({ Type: "plugin", Action: "enable", Actor: { ID: "x" } }, "default"), null);
    assert.equal(toEngineObjectEvent({ Type: "image", Action: "tag" }, "default"), null);
    assert.equal(toEngineObjectEvent({ Type: "image", Actor: { ID: "x" } }, "default"), null);
  });

  test("engine-state events carry the reason only when down", () => {
    const at = new Date("2026-11-29T17:00:00Z");
    assert.deepEqual(engineStateEvent({ engine: "default", host: "unix:///d.sock", up: true, reason: "ignored", at }), {
      type: "engine-state",
      action: "up",
      id: "default",
      name: "unix:///d.sock",
      time: "2026-11-29T17:00:00.000Z",
      engine: "default",
    });
    const down = engineStateEvent({ engine: "default", host: "unix:///d.sock", up: false, reason: "the socket does not exist", at });
    assert.equal(down.reason, "the socket does not exist");
    liveEventSchema.parse(down);
  });

  test("the engine's JSON lines are read across chunk boundaries; a stray line is skipped", async () => {
    const lines = [JSON.stringify(recorded.tag), "not json", JSON.stringify(recorded.create)].join("\n");
    // Split mid-line, as a socket delivers it.
    const chunks = [lines.slice(0, 37), lines.slice(37, 200), lines.slice(200)].map((text) => Buffer.from(text));
    const messages: EngineEventMessage[] = [];
    for await (const message of readEngineEventMessages(Readable.from(chunks))) messages.push(message);
    assert.deepEqual(
      messages.map((message) => message.Action),
      ["tag", "create"],
    );
  });
});
