import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngineBodySchema, updateEngineBodySchema } from "@/lib/engines/schemas";

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

test("an engine needs a name and a host of one of the three forms", () => {
  assert.deepEqual(problems(createEngineBodySchema.safeParse({ name: "b", host: "unix:///run/docker.sock" })), []);
  assert.match(problems(createEngineBodySchema.safeParse({ name: "", host: "unix:///x" })).join(), /name: name is required/);
  assert.match(problems(createEngineBodySchema.safeParse({ name: "b", host: "http://x" })).join(), /host: host must be unix/);
  assert.match(problems(createEngineBodySchema.safeParse({ name: "default", host: "unix:///x" })).join(), /DOCKER_HOST/);
});

test("tls goes with tcp://, an ssh key with ssh://, and both must be PEM", () => {
  const tls = { ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY };
  assert.deepEqual(problems(createEngineBodySchema.safeParse({ name: "b", host: "tcp://h:2376", tls })), []);
  assert.match(
    problems(createEngineBodySchema.safeParse({ name: "b", host: "unix:///x", tls })).join(),
    /tls: tls goes with a tcp:\/\/ host/,
  );
  assert.match(
    problems(createEngineBodySchema.safeParse({ name: "b", host: "tcp://h:2376", tls: { ...tls, ca: "not pem" } })).join(),
    /tls.ca: tls.ca must be PEM/,
  );
  assert.match(
    problems(createEngineBodySchema.safeParse({ name: "b", host: "ssh://u@h" })).join(),
    /sshKey: an ssh:\/\/ host needs sshKey/,
  );
  assert.match(
    problems(createEngineBodySchema.safeParse({ name: "b", host: "tcp://h:1", sshKey: PEM_KEY })).join(),
    /sshKey goes with an ssh/,
  );
});

test("an update changes at least one thing; tls: null drops TLS", () => {
  assert.match(problems(updateEngineBodySchema.safeParse({})).join(), /at least one/);
  assert.deepEqual(updateEngineBodySchema.parse({ tls: null }), { tls: null });
  assert.deepEqual(problems(updateEngineBodySchema.safeParse({ name: "renamed" })), []);
});
