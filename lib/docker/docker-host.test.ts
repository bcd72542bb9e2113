import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerHost } from "@/lib/docker/docker-host";

test("unix sockets keep their path", () => {
  assert.deepEqual(parseDockerHost("unix:///var/run/docker.sock", false), { kind: "unix", socketPath: "/var/run/docker.sock" });
});

test("tcp defaults to 2375 in the clear and 2376 with TLS, like the docker CLI", () => {
  assert.deepEqual(parseDockerHost("tcp://10.0.0.5", false), { kind: "tcp", host: "10.0.0.5", port: 2375, tls: false });
  assert.deepEqual(parseDockerHost("tcp://10.0.0.5", true), { kind: "tcp", host: "10.0.0.5", port: 2376, tls: true });
  assert.deepEqual(parseDockerHost("tcp://docker.internal:12375", false), {
    kind: "tcp",
    host: "docker.internal",
    port: 12375,
    tls: false,
  });
});
