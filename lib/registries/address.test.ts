import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeRegistryAddress, registryBaseUrl } from "@/lib/registries/address";

test("loopback registries use http, others https, Docker Hub its API host", () => {
  assert.equal(registryBaseUrl("127.0.0.1:5055"), "http://127.0.0.1:5055");
  assert.equal(registryBaseUrl("localhost:5000"), "http://localhost:5000");
  assert.equal(registryBaseUrl("registry.example.com"), "https://registry.example.com");
  assert.equal(registryBaseUrl("docker.io"), "https://registry-1.docker.io");
});

test("addresses are normalised; junk is a 400 saying what to give", () => {
  assert.equal(normalizeRegistryAddress("https://Registry.Example.com:5000/"), "registry.example.com:5000");
  assert.equal(normalizeRegistryAddress("index.docker.io"), "docker.io");
  assert.equal(normalizeRegistryAddress("127.0.0.1:5055"), "127.0.0.1:5055");
  assert.throws(() => normalizeRegistryAddress("not a host/with path"), /not a registry address/);
  assert.throws(() => normalizeRegistryAddress(""), /not a registry address/);
});
