import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EngineContainer } from "@/lib/docker/containers";
import {
  containersByVolume,
  dockerVolumeCreateCommand,
  dockerVolumeRmCommand,
  isAnonymousVolume,
  sortVolumes,
  toVolumeView,
} from "@/lib/volumes/catalog";
import { createVolumeBodySchema, volumeParamsSchema } from "@/lib/volumes/schemas";

const HEX = "4148d73dbd03f1162730007705a67b04b97a9ab879479c3329684ddf53cc28d7";

function container(
  id: string,
  name: string,
  state: string,
  mounts: { Type: string; Name?: string; Destination: string }[],
): EngineContainer {
  return { Id: id, Names: [`/${name}`], State: state, Mounts: mounts } as unknown as EngineContainer;
}

describe("volume names", () => {
  test("the engine's rule: a letter or digit, then one or more of letters, digits, _ . -", () => {
    for (const name of ["pgdata", "a1", "db_data.v2-old", HEX]) assert.equal(volumeParamsSchema.safeParse({ name }).success, true, name);
    for (const name of ["a", "-x", ".hidden", "has space", "a/b", "ü-data", ""]) {
      assert.equal(volumeParamsSchema.safeParse({ name }).success, false, name);
    }
  });

  test("create: name optional, labels keys without = or blanks, driver a plain name", () => {
    assert.deepEqual(createVolumeBodySchema.parse({}), {});
    assert.equal(createVolumeBodySchema.safeParse({ labels: { "a=b": "c" } }).success, false);
    assert.equal(createVolumeBodySchema.safeParse({ labels: { "": "c" } }).success, false);
    assert.equal(createVolumeBodySchema.safeParse({ driver: "local; rm -rf /" }).success, false);
    assert.equal(createVolumeBodySchema.safeParse({ name: "pg", driver: "local", labels: { team: "db" } }).success, true);
  });
});

describe("anonymous volumes", () => {
  test("64 hex digits or Docker 23's anonymous label mean the engine named it", () => {
    assert.equal(isAnonymousVolume({ Name: HEX, Labels: null }), true);
    assert.equal(isAnonymousVolume({ Name: "x1", Labels: { "com.docker.volume.anonymous": "" } }), true);
    assert.equal(isAnonymousVolume({ Name: "pgdata", Labels: {} }), false);
    assert.equal(isAnonymousVolume({ Name: HEX.slice(0, 63), Labels: null }), false);
  });
});

describe("which containers use a volume", () => {
  test("volume mounts only, by name, with the container's name, state and mount point", () => {
    const users = containersByVolume([
      container("c2", "web", "running", [
        { Type: "volume", Name: "shared", Destination: "/srv" },
        { Type: "bind", Destination: "/host" },
      ]),
      container("c1", "api", "exited", [{ Type: "volume", Name: "shared", Destination: "/data" }]),
      container("c3", "worker", "running", [{ Type: "tmpfs", Destination: "/tmp" }]),
    ]);
    assert.deepEqual([...users.keys()], ["shared"]);
    assert.deepEqual(users.get("shared"), [
      { id: "c1", name: "api", running: false, destination: "/data" },
      { id: "c2", name: "web", running: true, destination: "/srv" },
    ]);
  });

  test("the view carries the size given, null labels as {}, and named volumes sort before anonymous ones", () => {
    const named = toVolumeView(
      { Name: "zeta", Driver: "local", Mountpoint: "/m", CreatedAt: "2026-01-01T00:00:00Z", Labels: null, Options: null },
      [],
      42,
    );
    assert.equal(named.size, 42);
    assert.deepEqual(named.labels, {});
    assert.equal(named.anonymous, false);
    const anonymous = toVolumeView({ Name: HEX, Driver: "local", Mountpoint: "/m", Labels: null, Options: null }, [], null);
    assert.equal(anonymous.createdAt, null);
    const alpha = { ...named, name: "alpha" };
    assert.deepEqual(
      sortVolumes([anonymous, named, alpha]).map((volume) => volume.name),
      ["alpha", "zeta", HEX],
    );
  });
});

describe("CLI lines", () => {
  test("volume create leaves out the default driver and an absent name; labels are quoted when needed", () => {
    assert.equal(dockerVolumeCreateCommand({ name: "pgdata" }), "docker volume create pgdata");
    assert.equal(dockerVolumeCreateCommand({}), "docker volume create");
    assert.equal(dockerVolumeCreateCommand({ name: "pgdata", driver: "local" }), "docker volume create pgdata");
    assert.equal(
      dockerVolumeCreateCommand({ name: "pgdata", driver: "nfs", labels: { team: "db", note: "keep it" } }),
      "docker volume create --driver nfs --label team=db --label 'note=keep it' pgdata",
    );
    assert.equal(dockerVolumeRmCommand({ name: "pgdata" }), "docker volume rm pgdata");
  });
});
