import assert from "node:assert/strict";
import { test } from "node:test";
import { combineStartCommand } from "@/lib/containers/start-command";

test("CMD alone is the whole command", () => {
  assert.deepEqual(combineStartCommand({ entrypoint: null, cmd: ["sh"] }), ["sh"]);
});

test("CMD becomes the ENTRYPOINT's arguments", () => {
  assert.deepEqual(combineStartCommand({ entrypoint: ["/bin/sh", "/app/run.sh"], cmd: ["--port", "8080"] }), [
    "/bin/sh",
    "/app/run.sh",
    "--port",
    "8080",
  ]);
});

test("a shell-form ENTRYPOINT is kept as /bin/sh -c and CMD still follows it", () => {
  assert.deepEqual(combineStartCommand({ entrypoint: ["/bin/sh", "-c", "exec app"], cmd: ["x"] }), ["/bin/sh", "-c", "exec app", "x"]);
});

test("neither set means no default command", () => {
  assert.equal(combineStartCommand({ entrypoint: [], cmd: null }), null);
});
