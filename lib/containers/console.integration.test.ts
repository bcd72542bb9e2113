import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import type { Principal } from "@/lib/auth/roles";
import {
  abandonConsole,
  endConsole,
  getConsoleStatus,
  openConsole,
  MAX_OPEN_PER_OWNER,
  READER_TIMEOUT_MS,
  readConsoleOutput,
  resizeConsole,
  writeConsoleInput,
} from "@/lib/containers/console-sessions";
import { inspectExec } from "@/lib/docker/exec";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";
import { docker, eventually, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";

requireSandboxEngine();

const running = uniqueName("it-console");
const stopped = uniqueName("it-console-stopped");
const operator: Principal = { kind: "user", id: `it-${running}`, username: "it-console", role: "operator", sessionId: "s1" };
const someoneElse: Principal = { kind: "user", id: `it-other-${running}`, username: "it-other", role: "admin", sessionId: "s2" };

before(() => {
  docker("run", "-d", "--name", running, "--network", "none", "local/busybox:1", "sleep", "3600");
  docker("create", "--name", stopped, "--network", "none", "local/busybox:1", "sleep", "3600");
});
after(() => {
  for (const name of [running, stopped]) {
    try {
      docker("rm", "-f", name);
    } catch {
      // already gone
    }
  }
});

/** The terminal as a reader sees it: everything read so far, as text. */
class Screen {
  text = "";
  readonly closed: Promise<void>;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
    this.closed = this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await this.reader.read();
      if (done) return;
      this.text += decoder.decode(value, { stream: true });
    }
  }

  async waitFor(pattern: RegExp, timeoutMs = 5_000): Promise<void> {
    await eventually(async () => assert.match(this.text, pattern), timeoutMs);
  }

  /** What a browser does when the tab closes: stop reading the response. */
  async abort(): Promise<void> {
    await this.reader.cancel();
  }
}

const type = (session: string, text: string, principal: Principal = operator) =>
  writeConsoleInput({ session, principal, data: new TextEncoder().encode(text) });

/** The container's processes as `docker top` lists them: host PID and command line. */
function processes(container: string): { pid: number; args: string }[] {
  return docker("top", container, "-o", "pid,args")
    .split("\n")
    .slice(1)
    .map((line) => {
      const [pid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), args: args.join(" ") };
    });
}

/** The exec's process (a host PID, while it runs), to check afterwards that it is gone. */
async function execPid(execId: string): Promise<number> {
  const state = await inspectExec({ execId, container: running });
  assert.equal(state.running, true);
  return state.pid;
}

/** The engine says the exec stopped, and its process is no longer among the container's. */
async function assertExecEnded(execId: string, pid: number): Promise<void> {
  await eventually(async () => assert.equal((await inspectExec({ execId, container: running })).running, false), 5_000);
  assert.ok(!processes(running).some((process) => process.pid === pid), `process ${pid} is gone`);
}

/** A synchronous throw as a rejection, for rejectsWithAppError. */
const attempt = (run: () => unknown) => Promise.resolve().then(run);

async function auditOf(execCommand: string) {
  const { entries } = await listAuditEntries({ action: "container.exec", target: running, limit: 50 });
  const entry = entries.find((candidate) => candidate.command === execCommand && candidate.outcome !== "started");
  assert.ok(entry, `a completed container.exec entry with ${execCommand}`);
  return entry;
}

// Sessions are independent, so the tests run side by side (the idle test waits half a minute).
describe("console sessions", { concurrency: true }, () => {
  test("types into sh, reads the output back, resizes, and DELETE hangs up the shell", async () => {
    const opened = await openConsole({ container: running, request: { cols: 100, rows: 30 }, principal: operator });
    assert.equal(opened.command, `docker exec -it ${running} sh`);
    assert.equal(opened.container.name, running);
    const screen = new Screen(readConsoleOutput({ session: opened.session, principal: operator }));

    const marker = randomBytes(4).toString("hex");
    await type(opened.session, `echo hello-$((6*7))-${marker}\n`);
    await screen.waitFor(new RegExp(`\\r\\nhello-42-${marker}\\r\\n`));

    await type(opened.session, "stty size\n");
    await screen.waitFor(/\r\n30 100\r\n/);
    await resizeConsole({ session: opened.session, principal: operator, cols: 132, rows: 43 });
    await type(opened.session, "stty size\n");
    await screen.waitFor(/\r\n43 132\r\n/);
    const pid = await execPid(opened.execId);

    // A foreground job must go too, not only the shell.
    await type(opened.session, "sleep 987\n");
    await eventually(async () => assert.ok(processes(running).some((process) => process.args === "sleep 987")));
    const status = await endConsole({ session: opened.session, principal: operator });
    assert.equal(status.state, "ended");
    assert.equal(status.endedBy, "ended");
    assert.equal(status.exitCode, 129, "sh hung up (128 + SIGHUP)");
    await screen.closed;
    await assertExecEnded(opened.execId, pid);
    assert.ok(!processes(running).some((process) => process.args === "sleep 987"), "the foreground job is gone");

    const entry = await auditOf(opened.command);
    assert.equal(entry.outcome, "succeeded");
    assert.equal(entry.actor, "it-console");
    assert.deepEqual(entry.params, { command: ["sh"] });
    assert.deepEqual(entry.result, { exitCode: 129, endedBy: "ended" });
    await rejectsWithAppError(type(opened.session, "echo too late\n"), 409, /has ended \(exit code 129\)/);
  });

  test("a reader that goes away (tab closed) ends the exec", async () => {
    const opened = await openConsole({ container: running, request: { command: ["sh", "-i"] }, principal: operator });
    const screen = new Screen(readConsoleOutput({ session: opened.session, principal: operator }));
    await screen.waitFor(/# /);
    const pid = await execPid(opened.execId);
    await screen.abort();
    await assertExecEnded(opened.execId, pid);
    const status = await getConsoleStatus({ session: opened.session, principal: operator });
    assert.deepEqual([status.state, status.endedBy, status.exitCode], ["ended", "closed", 129]);
    assert.equal((await auditOf(`docker exec -it ${running} sh -i`)).outcome, "succeeded");
  });

  test("an aborted request that never read a byte ends the exec too", async () => {
    const opened = await openConsole({ container: running, request: { command: ["sh", "-l"] }, principal: operator });
    readConsoleOutput({ session: opened.session, principal: operator });
    const pid = await execPid(opened.execId);
    abandonConsole({ session: opened.session, principal: operator });
    await assertExecEnded(opened.execId, pid);
    assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).endedBy, "closed");
  });

  test("when the process exits, the stream ends and the status has its exit code", async () => {
    const opened = await openConsole({ container: running, request: { user: "1000:1000", workingDir: "/tmp" }, principal: operator });
    assert.equal(opened.command, `docker exec -it -u 1000:1000 -w /tmp ${running} sh`);
    const screen = new Screen(readConsoleOutput({ session: opened.session, principal: operator }));
    await type(opened.session, "id -u; pwd; exit 3\n");
    await screen.closed;
    assert.match(screen.text, /\r\n1000\r\n\/tmp\r\n/);
    const status = await getConsoleStatus({ session: opened.session, principal: operator });
    assert.deepEqual([status.state, status.endedBy, status.exitCode], ["ended", "exited", 3]);
    const entry = await auditOf(opened.command);
    assert.deepEqual(entry.params, { command: ["sh"], user: "1000:1000", workingDir: "/tmp" });
    assert.deepEqual(entry.result, { exitCode: 3, endedBy: "exited" });
  });

  test("output written before the reader arrived is kept for it", async () => {
    const opened = await openConsole({ container: running, request: { command: ["echo", "early-output"] }, principal: operator });
    await eventually(async () => assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).state, "ended"));
    const screen = new Screen(readConsoleOutput({ session: opened.session, principal: operator }));
    await screen.closed;
    assert.equal(screen.text, "early-output\r\n");
    assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).exitCode, 0);
  });

  test("only its owner sees a session, and it has one reader", async () => {
    const opened = await openConsole({ container: running, request: {}, principal: operator });
    const pid = await execPid(opened.execId);
    try {
      await rejectsWithAppError(getConsoleStatus({ session: opened.session, principal: someoneElse }), 404, /No console session/);
      await rejectsWithAppError(type(opened.session, "id\n", someoneElse), 404, /No console session/);
      await rejectsWithAppError(endConsole({ session: opened.session, principal: someoneElse }), 404, /No console session/);
      await rejectsWithAppError(
        attempt(() => readConsoleOutput({ session: opened.session, principal: someoneElse })),
        404,
        /No console session/,
      );
      readConsoleOutput({ session: opened.session, principal: operator });
      await rejectsWithAppError(
        attempt(() => readConsoleOutput({ session: opened.session, principal: operator })),
        409,
        /already shown elsewhere/,
      );
      assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).state, "open");
    } finally {
      await endConsole({ session: opened.session, principal: operator });
    }
    await assertExecEnded(opened.execId, pid);
  });

  test(`one owner has at most ${MAX_OPEN_PER_OWNER} consoles open at once`, async () => {
    const busy: Principal = { kind: "token", id: `it-busy-${running}`, name: "it-busy", role: "operator", createdBy: "it" };
    const sessions: string[] = [];
    try {
      for (let count = 0; count < MAX_OPEN_PER_OWNER; count++) {
        sessions.push((await openConsole({ container: running, request: { command: ["sleep", "300"] }, principal: busy })).session);
      }
      await rejectsWithAppError(
        openConsole({ container: running, request: {}, principal: busy }),
        409,
        new RegExp(`You have ${MAX_OPEN_PER_OWNER} consoles open`),
      );
      // Someone else is not held back by it.
      await endConsole({
        session: (await openConsole({ container: running, request: { command: ["sleep", "300"] }, principal: someoneElse })).session,
        principal: someoneElse,
      });
      await endConsole({ session: sessions.pop()!, principal: busy });
      sessions.push((await openConsole({ container: running, request: { command: ["sleep", "300"] }, principal: busy })).session);
    } finally {
      await Promise.all(sessions.map((session) => endConsole({ session, principal: busy })));
    }
    assert.ok(!processes(running).some((process) => process.args === "sleep 300"), "every sleep was hung up");
  });

  test("unknown, stopped and invalid containers are refused before anything runs", async () => {
    await rejectsWithAppError(
      openConsole({ container: `${running}-missing`, request: {}, principal: operator }),
      404,
      new RegExp(`No such container ${running}-missing`),
    );
    await rejectsWithAppError(
      openConsole({ container: stopped, request: {}, principal: operator }),
      409,
      new RegExp(`Container ${stopped} is not running \\(created\\): start it`),
    );
    await rejectsWithAppError(openConsole({ container: "../etc", request: {}, principal: operator }), 400, /not a container ID or name/);
    await rejectsWithAppError(
      openConsole({ container: running, request: { command: [] }, principal: operator }),
      400,
      /command: must name a program/,
    );
    const { entries } = await listAuditEntries({ action: "container.exec", target: stopped });
    assert.deepEqual(entries, []);
  });

  test("a program the engine cannot start ends the session with its error and exit code", async () => {
    const opened = await openConsole({ container: running, request: { command: ["/no/such/program"] }, principal: operator });
    const screen = new Screen(readConsoleOutput({ session: opened.session, principal: operator }));
    await screen.closed;
    const status = await getConsoleStatus({ session: opened.session, principal: operator });
    // The engine reports a missing executable after the hijack, as output and exit code 126/127.
    assert.ok(status.exitCode === 126 || status.exitCode === 127, `exit code ${status.exitCode}`);
    assert.match(screen.text, /no such file or directory/i);
  });

  test(`a session nobody reads is ended after ${READER_TIMEOUT_MS / 1000} s`, async () => {
    const opened = await openConsole({ container: running, request: { command: ["sh", "-c", "sleep 600"] }, principal: operator });
    await new Promise((resolve) => setTimeout(resolve, READER_TIMEOUT_MS - 5_000));
    assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).state, "open");
    await eventually(
      async () => assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).state, "ended"),
      10_000,
    );
    assert.equal((await getConsoleStatus({ session: opened.session, principal: operator })).endedBy, "idle");
    assert.equal((await inspectExec({ execId: opened.execId, container: running })).running, false);
  });
});
