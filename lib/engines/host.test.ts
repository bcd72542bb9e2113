import assert from "node:assert/strict";
import { test } from "node:test";
import { dockerContextCreateCommand, dockerContextRemoveCommand, dockerContextUpdateCommand, parseEngineHost } from "@/lib/engines/host";
import { isAppError } from "@/lib/errors";

test("unix, tcp and ssh hosts are read by the docker CLI's rules and written one way", () => {
  assert.deepEqual(parseEngineHost("unix:///run/podman/podman.sock"), {
    address: { scheme: "unix", socketPath: "/run/podman/podman.sock" },
    host: "unix:///run/podman/podman.sock",
  });
  assert.deepEqual(parseEngineHost("tcp://10.0.0.5"), {
    address: { scheme: "tcp", host: "10.0.0.5", port: 2375 },
    host: "tcp://10.0.0.5:2375",
  });
  assert.deepEqual(parseEngineHost("tcp://10.0.0.5", { tls: true }).host, "tcp://10.0.0.5:2376");
  assert.deepEqual(parseEngineHost(" tcp://build-box:3000/ ").host, "tcp://build-box:3000");
  assert.deepEqual(parseEngineHost("ssh://ops@build-box"), {
    address: { scheme: "ssh", username: "ops", host: "build-box", port: 22 },
    host: "ssh://ops@build-box",
  });
  assert.equal(parseEngineHost("ssh://ops@build-box:2222").host, "ssh://ops@build-box:2222");
});

test("a host that is not one of the three forms is a 400 saying which forms work", () => {
  for (const [host, why] of [
    ["http://10.0.0.5:2375", /unknown scheme/],
    ["unix://relative.sock", /absolute socket path/],
    ["ssh://build-box", /needs a user/],
    ["ssh://ops:secret@build-box", /password/],
    ["tcp://10.0.0.5:2375/v1.41", /path/],
    ["tcp://user@10.0.0.5:2375", /user/],
    ["tcp://", /not a URL|names no host/],
  ] as const) {
    assert.throws(
      () => parseEngineHost(host),
      (error: unknown) => {
        assert.ok(isAppError(error), host);
        assert.equal(error.code, "bad_request:engine");
        assert.match(error.message, why, host);
        assert.match(error.message, /unix:\/\/\/path\/to\/docker\.sock, tcp:\/\/host:port or ssh:\/\/user@host/);
        return true;
      },
    );
  }
});

test("the docker context lines name the TLS files, never their content, and quote names", () => {
  assert.equal(
    dockerContextCreateCommand({ name: "build box", host: "tcp://10.0.0.7:2376", tls: true }),
    "docker context create 'build box' --docker host=tcp://10.0.0.7:2376,ca=ca.pem,cert=cert.pem,key=key.pem",
  );
  assert.equal(
    dockerContextCreateCommand({ name: "podman", host: "unix:///run/podman.sock", tls: false }),
    "docker context create podman --docker host=unix:///run/podman.sock",
  );
  assert.equal(
    dockerContextUpdateCommand({ name: "b", host: "tcp://h:2375", tls: false }),
    "docker context update b --docker host=tcp://h:2375",
  );
  assert.equal(dockerContextRemoveCommand("build box"), "docker context rm 'build box'");
});
