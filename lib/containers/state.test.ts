import assert from "node:assert/strict";
import { test } from "node:test";
import { availableActions, currentHealth, formatPorts, isLiveState } from "@/lib/containers/state";

test("the actions each state allows", () => {
  assert.deepEqual(availableActions("running"), ["stop", "restart", "pause", "kill"]);
  assert.deepEqual(availableActions("paused"), ["unpause", "stop", "kill"]);
  assert.deepEqual(availableActions("exited"), ["start"]);
  assert.deepEqual(availableActions("dead"), []);
  assert.equal(isLiveState("paused"), true);
  assert.equal(isLiveState("created"), false);
});

test("ports read like docker ps, one line per binding", () => {
  assert.deepEqual(
    formatPorts([
      { ip: "::", privatePort: 80, publicPort: 8080, type: "tcp" },
      { ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp" },
      { ip: null, privatePort: 9090, publicPort: null, type: "udp" },
      { ip: "127.0.0.1", privatePort: 22, publicPort: 2222, type: "tcp" },
    ]),
    ["127.0.0.1:2222->22/tcp", "0.0.0.0:8080->80/tcp", "9090/udp"],
  );
});

test("health shows only while the container runs with a healthcheck", () => {
  const unhealthy = { status: "unhealthy" };
  assert.equal(currentHealth({ running: true, paused: false, health: unhealthy }), "unhealthy");
  assert.equal(currentHealth({ running: false, paused: false, health: unhealthy }), null);
  assert.equal(currentHealth({ running: true, paused: true, health: { status: "healthy" } }), null);
  assert.equal(currentHealth({ running: true, paused: false, health: null }), null);
});
