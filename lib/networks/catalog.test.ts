import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EngineContainer } from "@/lib/docker/containers";
import type { EngineNetwork } from "@/lib/docker/networks";
import {
  attachedContainers,
  dockerNetworkCreateCommand,
  dockerNetworkRmCommand,
  isPredefinedNetwork,
  sortNetworks,
  toNetworkView,
} from "@/lib/networks/catalog";
import { createNetworkBodySchema, networkParamsSchema } from "@/lib/networks/schemas";

const NET_ID = "7e829c563dc4a78b0c9fb58fb93dfed8cf89ec0cd9eec13589018ee66791d69d";

function network(overrides: Partial<EngineNetwork> = {}): EngineNetwork {
  return {
    Id: NET_ID,
    Name: "backend",
    Driver: "bridge",
    Scope: "local",
    Internal: false,
    Created: "2026-11-29T13:43:55.67952152Z",
    IPAM: { Driver: "default", Config: [{ Subnet: "10.20.0.0/24", Gateway: "10.20.0.1" }] },
    Labels: null,
    ...overrides,
  };
}

function container(
  id: string,
  name: string,
  state: string,
  networks: Record<string, { NetworkID: string; IPAddress: string }>,
): EngineContainer {
  return { Id: id, Names: [`/${name}`], State: state, NetworkSettings: { Networks: networks } } as unknown as EngineContainer;
}

describe("network schemas", () => {
  test("create: bridge by default, CIDR subnet, gateway only with a subnet, not a predefined name", () => {
    assert.deepEqual(createNetworkBodySchema.parse({ name: "backend" }), { name: "backend", driver: "bridge", internal: false });
    assert.equal(createNetworkBodySchema.safeParse({ name: "backend", subnet: "10.20.0.0/24", gateway: "10.20.0.1" }).success, true);
    assert.equal(createNetworkBodySchema.safeParse({ name: "backend", subnet: "10.20.0.0" }).success, false);
    assert.equal(createNetworkBodySchema.safeParse({ name: "backend", subnet: "10.20.0.0/33" }).success, false);
    assert.equal(createNetworkBodySchema.safeParse({ name: "backend", gateway: "10.20.0.1" }).success, false);
    assert.equal(createNetworkBodySchema.safeParse({ name: "host" }).success, false);
    assert.equal(createNetworkBodySchema.safeParse({ name: "bad name" }).success, false);
  });

  test("{id} is a name or an ID by the engine's name rule", () => {
    for (const id of ["backend", NET_ID, "7e829c563dc4"]) assert.equal(networkParamsSchema.safeParse({ id }).success, true, id);
    for (const id of ["x", "-net", "a b", "a/b"]) assert.equal(networkParamsSchema.safeParse({ id }).success, false, id);
  });
});

describe("networks in the dashboard's names", () => {
  test("subnet and gateway come from IPAM; host and none have none", () => {
    const view = toNetworkView(network(), []);
    assert.equal(view.subnet, "10.20.0.0/24");
    assert.equal(view.gateway, "10.20.0.1");
    assert.equal(view.shortId, NET_ID.slice(0, 12));
    assert.equal(view.predefined, false);
    const host = toNetworkView(network({ Name: "host", Driver: "host", IPAM: { Config: [] }, Created: "0001-01-01T00:00:00Z" }), []);
    assert.equal(host.subnet, null);
    assert.equal(host.predefined, true);
    assert.equal(host.createdAt, null);
  });

  test("attached containers come by network ID, stopped ones too, with their addresses; inspect fills in what the list missed", () => {
    const attached = attachedContainers(
      network({ Containers: { c9: { Name: "late", IPv4Address: "10.20.0.9/24", IPv6Address: "", MacAddress: "" } } }),
      [
        container("c1", "web", "running", { backend: { NetworkID: NET_ID, IPAddress: "10.20.0.2" } }),
        container("c2", "batch", "exited", { backend: { NetworkID: "", IPAddress: "" } }),
        container("c3", "other", "running", { frontend: { NetworkID: "other-id", IPAddress: "10.30.0.2" } }),
      ],
    );
    assert.deepEqual(attached, [
      { id: "c2", name: "batch", running: false, ipv4: null, ipv6: null },
      { id: "c9", name: "late", running: true, ipv4: "10.20.0.9", ipv6: null },
      { id: "c1", name: "web", running: true, ipv4: "10.20.0.2", ipv6: null },
    ]);
  });

  test("the engine's own networks are predefined and listed first", () => {
    assert.equal(isPredefinedNetwork("bridge") && isPredefinedNetwork("host") && isPredefinedNetwork("none"), true);
    assert.equal(isPredefinedNetwork("backend"), false);
    const sorted = sortNetworks([
      toNetworkView(network({ Name: "app" }), []),
      toNetworkView(network({ Name: "none", Driver: "null" }), []),
    ]);
    assert.deepEqual(
      sorted.map((view) => view.name),
      ["none", "app"],
    );
  });
});

describe("CLI lines", () => {
  test("network create leaves out the default driver; flags in docker's order", () => {
    assert.equal(dockerNetworkCreateCommand({ name: "backend", driver: "bridge", internal: false }), "docker network create backend");
    assert.equal(
      dockerNetworkCreateCommand({
        name: "backend",
        driver: "macvlan",
        subnet: "10.20.0.0/24",
        gateway: "10.20.0.1",
        internal: true,
        labels: { team: "ops" },
      }),
      "docker network create --driver macvlan --subnet 10.20.0.0/24 --gateway 10.20.0.1 --internal --label team=ops backend",
    );
    assert.equal(dockerNetworkRmCommand({ network: "backend" }), "docker network rm backend");
  });
});
