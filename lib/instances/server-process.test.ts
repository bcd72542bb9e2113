import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import {
  currentServerProcess,
  formatServerProcess,
  isPidAlive,
  isProcessGone,
  parseServerProcess,
  type ServerProcess,
} from "@/lib/instances/server-process";

const self: ServerProcess = { host: "web-1", pid: 4242, startedAt: 1_795_000_000_000 };
const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

test("a server process reads back as it was written; unreadable values are null", () => {
  assert.equal(formatServerProcess(self), "web-1/4242/1795000000000");
  assert.deepEqual(parseServerProcess(formatServerProcess(self)), self);
  // A hostname is kept whole even if it has the separator in it.
  assert.deepEqual(parseServerProcess("odd/host/7/12"), { host: "odd/host", pid: 7, startedAt: 12 });
  for (const text of [null, undefined, "", "web-1", "web-1/0/12", "web-1/x/12", "/7/12", "web-1/7/"]) {
    assert.equal(parseServerProcess(text), null, String(text));
  }
});

test("a row's process is gone only when that is known: same host, and its pid free or reused by a later process", () => {
  // Another pid on this host: gone when nothing has that pid.
  assert.equal(isProcessGone({ ...self, pid: 100 }, self, alive([])), true);
  assert.equal(isProcessGone({ ...self, pid: 100 }, self, alive([100])), false);
  // The same pid: an earlier process that had it (a container restarted), or this very process.
  assert.equal(isProcessGone({ ...self, startedAt: self.startedAt - 60_000 }, self, alive([self.pid])), true);
  assert.equal(isProcessGone(self, self, alive([self.pid])), false);
  assert.equal(isProcessGone({ ...self, startedAt: self.startedAt + 1 }, self, alive([self.pid])), false);
  // Another host may share the database: never known from here.
  assert.equal(isProcessGone({ ...self, host: "web-2", pid: 100 }, self, alive([])), false);
  assert.equal(isProcessGone({ ...self, host: "web-2", startedAt: 1 }, self, alive([])), false);
});

test("isPidAlive: this process is, a process that has exited is not", async () => {
  assert.equal(isPidAlive(process.pid), true);
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid!;
  await once(child, "exit");
  assert.equal(isPidAlive(pid), false);
});

test("this process has one identity, with its own pid and a start time in the past", () => {
  const current = currentServerProcess();
  assert.equal(current.pid, process.pid);
  assert.ok(current.startedAt <= Date.now() && current.startedAt > Date.now() - 3_600_000);
  assert.equal(currentServerProcess(), current);
});

test("isPidAlive: a killed process its parent has not reaped yet (a zombie) is not alive", async () => {
  // `true` exits at once; its parent then execs `sleep`, which never waits for it: a zombie.
  const parent = spawn("sh", ["-c", "true & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
  const [chunk] = (await once(parent.stdout!, "data")) as [Buffer];
  const zombie = Number(chunk.toString().trim());
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(isPidAlive(zombie), false);
    assert.equal(isPidAlive(parent.pid!), true);
  } finally {
    parent.kill("SIGKILL");
  }
});
