import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyEngineFailure, engineKindOf } from "@/lib/docker/engine";

const HOST = "tcp://127.0.0.1:2376";

function failure(properties: Record<string, unknown>, message = "failed"): Error {
  return Object.assign(new Error(message), properties);
}

test("a failed look at an engine says why in a word and a sentence naming it", () => {
  const cases: [Error, string, RegExp][] = [
    [failure({ code: "ECONNREFUSED" }), "refused", /127\.0\.0\.1:2376 refused the connection/],
    [failure({ code: "ENOENT" }), "refused", /socket does not exist/],
    [failure({ name: "TimeoutError" }), "timeout", /did not answer .*timeout/],
    [failure({ code: "ABORT_ERR", name: "AbortError" }), "timeout", /timeout/],
    [failure({ code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }, "unable to verify the first certificate"), "tls", /TLS error .*unable to verify/],
    [failure({ code: "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" }), "tls", /TLS error/],
    [failure({ statusCode: 404, json: { message: "page not found" } }), "not-docker", /not a Docker API: \/_ping answered HTTP 404/],
    [failure({ statusCode: 400, json: "Client sent an HTTP request to an HTTPS server." }), "tls", /speaks TLS/],
    [failure({ statusCode: 401, json: { message: "no" } }), "authentication", /refused the dashboard \(HTTP 401\)/],
    [failure({ code: "ECONNRESET" }, "socket hang up"), "not-docker", /closed the connection/],
  ];
  for (const [error, reason, sentence] of cases) {
    const classified = classifyEngineFailure(error, HOST);
    assert.equal(classified.reason, reason, error.message + JSON.stringify(error));
    assert.match(classified.error, sentence);
    assert.match(classified.error, /127\.0\.0\.1:2376/);
  }
});

test("Podman is told apart by the components its version names", () => {
  assert.equal(engineKindOf({ Components: [{ Name: "Podman Engine", Version: "4.3.1" }] }), "podman");
  assert.equal(engineKindOf({ Components: [{ Name: "Engine" }, { Name: "containerd" }] }), "docker");
  assert.equal(engineKindOf({}), "docker");
});
