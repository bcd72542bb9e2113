import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, describe, test } from "node:test";
import type { CreatedNetwork, NetworkDetail, NetworkList } from "@/lib/networks/types";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import type { DashboardClient } from "@/lib/testing/http-client";
import { signInEveryRole } from "@/lib/testing/role-clients";
import { prepareRouteTests } from "@/lib/testing/route-client";

prepareRouteTests();

// The private test engine runs with --bridge=none and --iptables=false: user-defined bridge
// networks are still created (a Linux bridge each) and containers on them get addresses.
describe("networks over HTTP", () => {
  const clients = signInEveryRole();
  const containers: string[] = [];
  const networks: string[] = [];
  // A /24 no other run of this test is likely to hold at the same time.
  const subnetBase = `10.${randomInt(100, 250)}.${randomInt(0, 250)}`;

  after(() => {
    for (const name of containers) docker("rm", "-f", name);
    for (const name of networks) {
      try {
        docker("network", "rm", name);
      } catch {
        // removed by the test
      }
    }
  });

  const create = (client: DashboardClient, body: Record<string, unknown>) =>
    client.fetch("/api/networks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  test("roles: viewers read; only admins create and remove", async () => {
    const name = uniqueName("net-role");
    networks.push(name);
    const { networks: listed } = await clients.viewer.json<NetworkList>("/api/networks");
    assert.ok(listed.some((network) => network.name === "host" && network.predefined));
    for (const role of ["viewer", "operator"] as const) {
      const refused = await create(clients[role], { name });
      assert.equal(refused.status, 403, role);
      assert.match(((await refused.json()) as { error: string }).error, /needs admin/);
    }
    assert.throws(() => docker("network", "inspect", name));
    assert.equal((await create(clients.admin, { name })).status, 201);
    for (const role of ["viewer", "operator"] as const) {
      assert.equal((await clients[role].fetch(`/api/networks/${name}`, { method: "DELETE" })).status, 403, role);
    }
    assert.equal((await clients.admin.fetch(`/api/networks/${name}`, { method: "DELETE" })).status, 200);
    assert.throws(() => docker("network", "inspect", name));
  });

  test("create with subnet, gateway, internal and labels; taken name and overlapping subnet 409; bad input 400", async () => {
    const name = uniqueName("net-new");
    networks.push(name);
    const body = { name, subnet: `${subnetBase}.0/24`, gateway: `${subnetBase}.1`, internal: true, labels: { team: "ops" } };
    const created = await clients.admin.json<CreatedNetwork>("/api/networks", { method: "POST", body: JSON.stringify(body) }, 201);
    assert.equal(
      created.command,
      `docker network create --subnet ${subnetBase}.0/24 --gateway ${subnetBase}.1 --internal --label team=ops ${name}`,
    );
    assert.equal(created.network.driver, "bridge");
    assert.equal(created.network.subnet, `${subnetBase}.0/24`);
    assert.equal(created.network.gateway, `${subnetBase}.1`);
    assert.equal(created.network.internal, true);
    assert.deepEqual(created.network.labels, { team: "ops" });

    const taken = await clients.admin.json<{ code: string }>("/api/networks", { method: "POST", body: JSON.stringify({ name }) }, 409);
    assert.equal(taken.code, "conflict:network");
    const overlapping = await clients.admin.json<{ code: string; error: string }>(
      "/api/networks",
      { method: "POST", body: JSON.stringify({ name: uniqueName("net-overlap"), subnet: `${subnetBase}.0/25` }) },
      409,
    );
    assert.match(overlapping.error, /overlap/i);

    const bad = await clients.admin.json<{ fields: { path: string }[] }>(
      "/api/networks",
      { method: "POST", body: JSON.stringify({ name: "bad name", subnet: "10.0.0.0/40", gateway: "nope" }) },
      400,
    );
    assert.deepEqual(bad.fields.map((field) => field.path).sort(), ["gateway", "name", "subnet"]);
    await clients.admin.json("/api/networks", { method: "POST", body: JSON.stringify({ name: "none" }) }, 400);
    const noDriver = await clients.admin.json<{ error: string }>(
      "/api/networks",
      { method: "POST", body: JSON.stringify({ name: uniqueName("net-nodriver"), driver: "no-such-driver" }) },
      400,
    );
    assert.match(noDriver.error, /no network driver no-such-driver/);
    await clients.viewer.json("/api/networks/bad%20name", {}, 400);
    const missing = await clients.viewer.json<{ code: string }>("/api/networks/no-such-network-here", {}, 404);
    assert.equal(missing.code, "not_found:network");
    await clients.admin.json("/api/networks/no-such-network-here", { method: "DELETE" }, 404);
  });

  test("attached containers are listed with their addresses; remove is a 409 naming them; the engine's own networks are refused first", async () => {
    const name = uniqueName("net-used");
    const running = uniqueName("net-run");
    const stopped = uniqueName("net-stop");
    networks.push(name);
    containers.push(running, stopped);
    const subnet = `${subnetBase.replace(/\.\d+$/, "")}.${(Number(subnetBase.split(".")[2]) + 1) % 250}`;
    await clients.admin.json("/api/networks", { method: "POST", body: JSON.stringify({ name, subnet: `${subnet}.0/24` }) }, 201);
    docker("run", "-d", "--name", running, "--network", name, "local/busybox:1", "sleep", "600");
    docker("create", "--name", stopped, "--network", name, "local/busybox:1", "true");

    const detail = await clients.viewer.json<NetworkDetail>(`/api/networks/${name}`);
    const byName = new Map(detail.containers.map((container) => [container.name, container]));
    assert.equal(byName.get(running)?.running, true);
    assert.match(byName.get(running)?.ipv4 ?? "", new RegExp(`^${subnet.replaceAll(".", "\\.")}\\.\\d+$`));
    assert.equal(byName.get(stopped)?.running, false);
    const { networks: listed } = await clients.viewer.json<NetworkList>("/api/networks");
    assert.deepEqual(
      listed.find((network) => network.name === name)?.containers.map((container) => container.name),
      [running, stopped].sort(),
    );
    const byId = await clients.viewer.json<NetworkDetail>(`/api/networks/${detail.shortId}`);
    assert.equal(byId.name, name);

    const conflict = await clients.admin.json<{ code: string; error: string; containers: { name: string }[] }>(
      `/api/networks/${name}`,
      { method: "DELETE" },
      409,
    );
    assert.equal(conflict.code, "conflict:network");
    assert.deepEqual(conflict.containers.map((container) => container.name).sort(), [running, stopped].sort());
    assert.match(conflict.error, new RegExp(running));

    for (const predefined of ["host", "none", "bridge"]) {
      const refused = await clients.admin.json<{ code: string; error: string }>(`/api/networks/${predefined}`, { method: "DELETE" }, 409);
      assert.match(refused.error, /engine's own networks/);
    }
    const host = (await clients.viewer.json<NetworkList>("/api/networks")).networks.find((network) => network.name === "host")!;
    await clients.admin.json(`/api/networks/${host.id}`, { method: "DELETE" }, 409);

    docker("rm", "-f", running, stopped);
    const removed = await clients.admin.json<{ command: string }>(`/api/networks/${name}`, { method: "DELETE" });
    assert.equal(removed.command, `docker network rm ${name}`);
    const audit = await clients.admin.json<{ entries: { action: string; outcome: string; command: string }[] }>(
      `/api/audit?target=${name}`,
    );
    assert.deepEqual(audit.entries.map((entry) => [entry.action, entry.outcome, entry.command]).reverse(), [
      ["network.create", "succeeded", `docker network create --subnet ${subnet}.0/24 ${name}`],
      ["network.remove", "failed", `docker network rm ${name}`],
      ["network.remove", "succeeded", `docker network rm ${name}`],
    ]);
  });
});
