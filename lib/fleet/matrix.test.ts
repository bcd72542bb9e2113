import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildFleet, copySource, familiarReference, filterFleetImages, fleetCell, type EngineReading } from "@/lib/fleet/matrix";

const ID = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const local = { id: "default", name: "local", host: "unix:///a.sock", kind: "docker", default: true } as const;
const edge = { id: "edge", name: "edge", host: "unix:///b.sock", kind: "docker", default: false } as const;
const pod = { id: "pod", name: "pod", host: "unix:///p.sock", kind: "podman", default: false } as const;
const far = { id: "far", name: "far", host: "tcp://10.0.0.9:2376", kind: "docker", default: false } as const;

const image = (id: string, repoTags: string[], extra: { repoDigests?: string[]; size?: number; created?: number } = {}) => ({
  id,
  repoTags,
  repoDigests: extra.repoDigests ?? [],
  created: extra.created ?? 1,
  size: extra.size ?? 100,
});

const readings: EngineReading[] = [
  {
    engine: local,
    state: "up",
    images: [
      image(ID(1), ["seed/web:1"], { repoDigests: ["registry.test/web@sha256:" + "a".repeat(64)], size: 111 }),
      image(ID(2), ["app:1"]),
      image(ID(5), ["<none>:<none>"], { created: 9 }),
    ],
    containers: [
      { imageId: ID(1), running: true },
      { imageId: ID(1), running: false },
    ],
  },
  {
    engine: edge,
    state: "up",
    images: [image(ID(1), ["seed/web:1"], { size: 112 }), image(ID(3), ["app:1"])],
    containers: [{ imageId: ID(3), running: true }],
  },
  {
    engine: pod,
    state: "up",
    images: [image(ID(4), ["docker.io/library/busybox:1"], { repoDigests: ["docker.io/library/busybox@sha256:" + "b".repeat(64)] })],
    containers: [],
  },
  { engine: far, state: "down", error: "Docker engine at tcp://10.0.0.9:2376 is not reachable: the connection timed out." },
];

describe("buildFleet", () => {
  const fleet = buildFleet(readings);
  const find = (id: string) => fleet.images.find((entry) => entry.id === id)!;

  test("groups by image ID with every engine that holds it, its containers and size there", () => {
    const web = find(ID(1));
    assert.deepEqual(
      web.engines.map(({ id, containers, running, size }) => ({ id, containers, running, size })),
      [
        { id: "default", containers: 2, running: 1, size: 111 },
        { id: "edge", containers: 0, running: 0, size: 112 },
      ],
    );
    assert.deepEqual(web.repoTags, ["seed/web:1"]);
    assert.deepEqual(web.repoDigests, ["registry.test/web@sha256:" + "a".repeat(64)]);
  });

  test("one engine for an image only one holds", () => {
    assert.deepEqual(
      find(ID(2)).engines.map((holder) => holder.id),
      ["default"],
    );
  });

  test("a tag that names another image on an engine that lacks this one is stale there, both ways", () => {
    assert.deepEqual(find(ID(2)).stale, [{ engine: "edge", engineName: "edge", tag: "app:1", imageId: ID(3) }]);
    assert.deepEqual(find(ID(3)).stale, [{ engine: "default", engineName: "local", tag: "app:1", imageId: ID(2) }]);
    assert.deepEqual(find(ID(1)).stale, []);
  });

  test("Podman's fully qualified names are matched in Docker's familiar form", () => {
    assert.deepEqual(find(ID(4)).repoTags, ["busybox:1"]);
    assert.equal(familiarReference("docker.io/library/busybox:1"), "busybox:1");
    assert.equal(familiarReference("localhost/x:1"), "localhost/x:1");
  });

  test("engines keep their order and state; a down one carries its reason and no count", () => {
    assert.deepEqual(
      fleet.engines.map((engine) => [engine.id, engine.state, engine.images ?? null]),
      [
        ["default", "up", 3],
        ["edge", "up", 2],
        ["pod", "up", 1],
        ["far", "down", null],
      ],
    );
    assert.match(fleet.engines[3]!.error!, /not reachable/);
  });

  test("images by name, untagged last; <none> placeholders are dropped", () => {
    assert.deepEqual(
      fleet.images.map((entry) => entry.repoTags[0] ?? entry.id),
      ["app:1", "app:1", "busybox:1", "seed/web:1", ID(5)],
    );
    assert.deepEqual(find(ID(5)).repoTags, []);
  });

  test("repo digests name the engines and local IDs that carry them", () => {
    assert.deepEqual(fleet.digests[0], {
      digest: "busybox@sha256:" + "b".repeat(64),
      engines: [{ id: "pod", name: "pod", imageId: ID(4) }],
    });
    assert.equal(fleet.digests.length, 2);
  });

  test("cells: held, stale, missing, down", () => {
    const byId = (id: string) => fleet.engines.find((engine) => engine.id === id)!;
    assert.equal(fleetCell(find(ID(1)), byId("edge")).state, "holds");
    assert.equal(fleetCell(find(ID(2)), byId("edge")).state, "stale");
    assert.equal(fleetCell(find(ID(2)), byId("pod")).state, "missing");
    assert.equal(fleetCell(find(ID(2)), byId("far")).state, "down");
  });
});

describe("filterFleetImages", () => {
  const fleet = buildFleet(readings);
  test("by tag, digest or ID prefix, case-insensitive", () => {
    assert.deepEqual(
      filterFleetImages(fleet.images, "SEED/web").map((entry) => entry.id),
      [ID(1)],
    );
    assert.deepEqual(
      filterFleetImages(fleet.images, "registry.test").map((entry) => entry.id),
      [ID(1)],
    );
    assert.deepEqual(
      filterFleetImages(fleet.images, `sha256:${"4".repeat(6)}`).map((entry) => entry.id),
      [ID(4)],
    );
    assert.equal(filterFleetImages(fleet.images, " ").length, fleet.images.length);
    assert.equal(filterFleetImages(fleet.images, "nothing-like-this").length, 0);
  });
});

describe("copySource", () => {
  const fleet = buildFleet(readings);
  test("the default engine first, by its tag there", () => {
    assert.deepEqual(
      copySource(
        fleet.images.find((entry) => entry.id === ID(1))!,
        fleet.engines,
      ),
      {
        engine: "default",
        engineName: "local",
        host: "unix:///a.sock",
        reference: "seed/web:1",
      },
    );
  });
  test("another engine when the default lacks it; the ID when it is untagged there", () => {
    assert.equal(
      copySource(
        fleet.images.find((entry) => entry.id === ID(3))!,
        fleet.engines,
      )?.engine,
      "edge",
    );
    assert.equal(
      copySource(
        fleet.images.find((entry) => entry.id === ID(5))!,
        fleet.engines,
      )?.reference,
      ID(5),
    );
  });
  test("none when only a down engine could hold it", () => {
    const downOnly = buildFleet([{ engine: far, state: "down", error: "x" }]);
    assert.equal(downOnly.images.length, 0);
    assert.equal(copySource({ ...fleet.images[0]!, engines: [] }, fleet.engines), null);
  });
});
