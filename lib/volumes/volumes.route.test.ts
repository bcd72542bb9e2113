import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import type { DashboardClient } from "@/lib/testing/http-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { prepareRouteTests } from "@/lib/testing/route-client";
import type { CreatedVolume, VolumeDetail, VolumeList } from "@/lib/volumes/types";

prepareRouteTests();

describe("volumes over HTTP", () => {
  const clients = signInEveryRole();
  const containers: string[] = [];
  const volumes: string[] = [];

  after(() => {
    for (const name of containers) docker("rm", "-f", name);
    for (const name of volumes) {
      try {
        docker("volume", "rm", name);
      } catch {
        // removed by the test
      }
    }
  });

  const create = (client: DashboardClient, body: Record<string, unknown>) =>
    client.fetch("/api/volumes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  test("roles: viewers read, operators create, only admins remove", async () => {
    const name = uniqueName("vol-role");
    volumes.push(name);
    await clients.viewer.json<VolumeList>("/api/volumes");
    assert.equal((await create(clients.viewer, { name })).status, 403);
    assert.equal((await create(clients.operator, { name })).status, 201);
    for (const role of ["viewer", "operator"] as const) {
      const refused = await clients[role].fetch(`/api/volumes/${name}`, { method: "DELETE" });
      assert.equal(refused.status, 403, role);
      assert.match(((await refused.json()) as { error: string }).error, /needs admin/);
    }
    docker("volume", "inspect", name);
    assert.equal((await clients.admin.fetch(`/api/volumes/${name}`, { method: "DELETE" })).status, 200);
    assert.throws(() => docker("volume", "inspect", name));
  });

  test("create answers 201 with the CLI line; without a name the engine names it; a taken name 409; bad input 400", async () => {
    const name = uniqueName("vol-new");
    volumes.push(name);
    const created = await clients.operator.json<CreatedVolume>(
      "/api/volumes",
      { method: "POST", body: JSON.stringify({ name, labels: { team: "db", note: "keep it" } }) },
      201,
    );
    assert.equal(created.command, `docker volume create --label team=db --label 'note=keep it' ${name}`);
    assert.equal(created.volume.name, name);
    assert.equal(created.volume.driver, "local");
    assert.deepEqual(created.volume.labels, { team: "db", note: "keep it" });
    assert.equal(created.volume.anonymous, false);

    const taken = await clients.operator.json<{ code: string; error: string }>(
      "/api/volumes",
      { method: "POST", body: JSON.stringify({ name }) },
      409,
    );
    assert.equal(taken.code, "conflict:volume");
    assert.match(taken.error, /already exists/);

    const unnamed = await clients.operator.json<CreatedVolume>("/api/volumes", { method: "POST", body: "{}" }, 201);
    volumes.push(unnamed.volume.name);
    assert.match(unnamed.volume.name, /^[0-9a-f]{64}$/);
    assert.equal(unnamed.volume.anonymous, true);
    assert.equal(unnamed.command, `docker volume create ${unnamed.volume.name}`);

    const bad = await clients.operator.json<{ fields: { path: string }[] }>(
      "/api/volumes",
      { method: "POST", body: JSON.stringify({ name: "bad name", labels: { "a=b": "c" } }) },
      400,
    );
    assert.deepEqual(bad.fields.map((field) => field.path).sort(), ["labels.a=b", "name"]);
    const noDriver = await clients.operator.json<{ code: string; error: string }>(
      "/api/volumes",
      { method: "POST", body: JSON.stringify({ name: uniqueName("vol-nodriver"), driver: "no-such-driver" }) },
      400,
    );
    assert.match(noDriver.error, /no volume driver no-such-driver/);
    await clients.viewer.json("/api/volumes/bad%20name", {}, 400);
    await clients.viewer.json("/api/volumes/x", {}, 400);
    const missing = await clients.viewer.json<{ code: string }>("/api/volumes/no-such-volume-here", {}, 404);
    assert.equal(missing.code, "not_found:volume");
    await clients.admin.json("/api/volumes/no-such-volume-here", { method: "DELETE" }, 404);
  });

  test("list and inspect give the size and the containers using it; remove is a 409 naming them until they are gone", async () => {
    const name = uniqueName("vol-used");
    const user = uniqueName("vol-user");
    volumes.push(name);
    containers.push(user);
    await clients.operator.json("/api/volumes", { method: "POST", body: JSON.stringify({ name }) }, 201);
    docker("run", "--name", user, "-v", `${name}:/data`, "local/busybox:1", "sh", "-c", "head -c 300000 /dev/zero > /data/blob");

    const { volumes: listed, sizeError } = await clients.viewer.json<VolumeList>("/api/volumes");
    assert.equal(sizeError, null);
    const mine = listed.find((volume) => volume.name === name);
    assert.ok(mine, "the new volume is listed");
    assert.ok(mine.size !== null && mine.size >= 300_000, `size ${mine.size} counts the 300 kB written`);
    assert.deepEqual(
      mine.containers.map((container) => [container.name, container.running, container.destination]),
      [[user, false, "/data"]],
    );
    assert.match(mine.mountpoint, new RegExp(`/volumes/${name}/_data$`));
    assert.ok(mine.createdAt && !Number.isNaN(Date.parse(mine.createdAt)));

    const detail = await clients.viewer.json<VolumeDetail>(`/api/volumes/${name}`);
    assert.equal(detail.containers[0]?.name, user);
    assert.equal(detail.raw.Name, name);

    const conflict = await clients.admin.json<{ code: string; error: string; containers: { id: string; name: string }[] }>(
      `/api/volumes/${name}`,
      { method: "DELETE" },
      409,
    );
    assert.equal(conflict.code, "conflict:volume");
    assert.deepEqual(
      conflict.containers.map((container) => container.name),
      [user],
    );
    assert.match(conflict.containers[0]!.id, /^[0-9a-f]{64}$/);
    assert.match(conflict.error, new RegExp(`in use by container ${user}`));

    docker("rm", user);
    const removed = await clients.admin.json<{ name: string; command: string }>(`/api/volumes/${name}`, { method: "DELETE" });
    assert.equal(removed.command, `docker volume rm ${name}`);

    const audit = await clients.admin.json<{ entries: { action: string; outcome: string; command: string; target: string }[] }>(
      `/api/audit?target=${name}`,
    );
    assert.deepEqual(audit.entries.map((entry) => [entry.action, entry.outcome, entry.command]).reverse(), [
      ["volume.create", "succeeded", `docker volume create ${name}`],
      ["volume.remove", "failed", `docker volume rm ${name}`],
      ["volume.remove", "succeeded", `docker volume rm ${name}`],
    ]);
  });
});
