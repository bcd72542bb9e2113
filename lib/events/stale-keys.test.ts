import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { baseAction, changesState, isEngineKey, isKeyStale } from "@/lib/events/stale-keys";
import type { EngineObjectEvent } from "@/lib/events/types";

const IMAGE_ID = "sha256:6856996928369e1933d7889751fc4631a77635e488dc688b490cb9d26148bb54";
const CONTAINER_ID = "e49639b6013d4a558f995f2a9a803f6218f158241d7ebe6a1dfe55bebd4cd783";
const at = { time: "2026-11-29T17:00:00.000Z", engine: "default" };
const tag: EngineObjectEvent = { type: "image", action: "tag", id: IMAGE_ID, name: "probe/x:1", ...at };
const create: EngineObjectEvent = { type: "container", action: "create", id: CONTAINER_ID, name: "probe1", ...at };
const exec: EngineObjectEvent = { type: "container", action: "exec_start: sh -c ls", id: CONTAINER_ID, name: "probe1", ...at };
const volume: EngineObjectEvent = { type: "volume", action: "create", id: "pv", name: "pv", ...at };
const connect: EngineObjectEvent = { type: "network", action: "connect", id: "4f1c", name: "backend", container: CONTAINER_ID, ...at };

const image = (ref: string) => `/api/images/${encodeURIComponent(ref)}`;

describe("which cached answers an event makes stale", () => {
  test("an image tag: the images lists, that reference's page, a page showing that image ID; not layers or other images", () => {
    assert.ok(isKeyStale(tag, "/api/images"));
    assert.ok(isKeyStale(tag, "/api/images?q=seed&dangling=false"));
    assert.ok(isKeyStale(tag, image("probe/x:1")));
    assert.ok(isKeyStale(tag, image("seed/web:1"), { id: IMAGE_ID }));
    assert.ok(!isKeyStale(tag, image("seed/web:2"), { id: "sha256:other" }));
    assert.ok(!isKeyStale(tag, `${image("probe/x:1")}/layers/0/files?path=%2F`));
    assert.ok(!isKeyStale(tag, `${image("probe/x:1")}/analysis`));
    assert.ok(!isKeyStale(tag, "/api/images/compare?a=x&b=y"));
    assert.ok(!isKeyStale(tag, "/api/volumes"));
    assert.ok(isKeyStale(tag, "/api/engine") && isKeyStale(tag, "/api/disk-usage"));
    // The containers list names images by reference, so tags and untags change it.
    assert.ok(isKeyStale(tag, "/api/containers"));
  });

  test("a container create: the containers list, its page by name, ID or short ID, lists that count containers", () => {
    assert.ok(isKeyStale(create, "/api/containers"));
    assert.ok(isKeyStale(create, "/api/containers/probe1"));
    assert.ok(isKeyStale(create, `/api/containers/${CONTAINER_ID.slice(0, 12)}`));
    assert.ok(isKeyStale(create, "/api/containers/probe1/diff"));
    assert.ok(!isKeyStale(create, "/api/containers/probe1/stats"));
    assert.ok(!isKeyStale(create, "/api/containers/other", { id: "abc" }));
    assert.ok(isKeyStale(create, "/api/images") && isKeyStale(create, "/api/volumes") && isKeyStale(create, "/api/networks"));
    assert.ok(!isKeyStale(create, "/api/users") && !isKeyStale(create, "/api/audit?limit=20"));
  });

  test("exec, attach, top and save change nothing a page shows", () => {
    assert.equal(baseAction("exec_start: sh -c ls"), "exec_start");
    assert.equal(baseAction("health_status: healthy"), "health_status");
    assert.ok(!changesState(exec));
    assert.ok(!isKeyStale(exec, "/api/containers"));
    assert.ok(!isKeyStale({ ...tag, action: "save" }, "/api/images"));
    // A health change does show (the container page's health).
    assert.ok(isKeyStale({ ...create, action: "health_status: unhealthy" }, "/api/containers/probe1"));
  });

  test("volumes and networks: their lists and pages; a connect also the container's page", () => {
    assert.ok(isKeyStale(volume, "/api/volumes") && isKeyStale(volume, "/api/volumes/pv"));
    assert.ok(!isKeyStale(volume, "/api/volumes/other") && !isKeyStale(volume, "/api/containers"));
    assert.ok(isKeyStale(connect, "/api/networks") && isKeyStale(connect, "/api/networks/backend"));
    assert.ok(isKeyStale(connect, "/api/networks/4f1c"));
    assert.ok(isKeyStale(connect, "/api/containers/probe1", { id: CONTAINER_ID }));
    assert.ok(!isKeyStale(connect, "/api/containers"));
    assert.ok(!isKeyStale(connect, "/api/disk-usage"));
  });

  test("keys that are not API addresses are never stale", () => {
    assert.ok(!isKeyStale(tag, null));
    assert.ok(!isKeyStale(tag, ["/api/images"]));
    assert.ok(!isKeyStale(tag, "/images"));
  });

  test("what a (re)connected or polling page fetches again: engine state, not layers, stats, users or the audit log", () => {
    for (const key of [
      "/api/engine",
      "/api/images",
      "/api/images?q=x",
      image("seed/web:1"),
      "/api/containers",
      "/api/containers/web",
      "/api/containers/web/diff",
      "/api/volumes",
      "/api/networks/n1",
      "/api/disk-usage",
    ])
      assert.ok(isEngineKey(key), key);
    for (const key of [
      `${image("seed/web:1")}/layers/0/files`,
      "/api/images/compare?a=1&b=2",
      "/api/containers/web/stats",
      "/api/users",
      "/api/audit?limit=20",
      42,
    ])
      assert.ok(!isEngineKey(key), String(key));
  });
});
