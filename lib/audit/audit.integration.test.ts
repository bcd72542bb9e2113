import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { INTERRUPTED_ERROR, markInterruptedActions, recordAction, recordEvent } from "@/lib/audit/actions";
import { listAuditEntries } from "@/lib/audit/queries";
import { currentServerProcess, formatServerProcess, type ServerProcess } from "@/lib/instances/server-process";
import { getDb } from "@/lib/db";
import { uniqueName } from "@/lib/testing/docker-cli";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";

// Against the audit database of DASHBOARD_DATA_DIR (migrated by `npm test` before integration tests).

describe("interrupted actions", () => {
  // A made-up host, so that rows other tests left behind on this machine are never this test's.
  const self: ServerProcess = { host: uniqueName("it-host"), pid: 500, startedAt: 2_000_000 };
  const action = uniqueName("it.interrupted");

  async function startedRow(target: string, serverProcess: string | null, outcome = "started"): Promise<string> {
    const row = await getDb().auditEntry.create({
      data: { actor: "it", engine: "unix:///it.sock", action, target, command: "", outcome, serverProcess },
      select: { id: true },
    });
    return row.id;
  }

  test("rows whose process is known to be gone become interrupted; the others are left alone", async () => {
    const ids = {
      deadPid: await startedRow("dead pid", formatServerProcess({ ...self, pid: 501 })),
      reusedPid: await startedRow("same pid, earlier process", formatServerProcess({ ...self, startedAt: 1_000_000 })),
      livePid: await startedRow("live pid", formatServerProcess({ ...self, pid: 502 })),
      thisProcess: await startedRow("this process", formatServerProcess(self)),
      otherHost: await startedRow("other host", formatServerProcess({ ...self, host: `${self.host}-b`, pid: 501 })),
      legacy: await startedRow("written before the column", null),
      completed: await startedRow("completed", formatServerProcess({ ...self, pid: 501 }), "succeeded"),
    };
    const noticed = new Date("2026-11-29T12:00:00Z");
    const marked = await markInterruptedActions({ self, isAlive: (pid) => pid === 502, now: noticed });
    assert.equal(marked, 2);

    const rows = await getDb().auditEntry.findMany({ where: { action } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const key of ["deadPid", "reusedPid"] as const) {
      const row = byId.get(ids[key])!;
      assert.equal(row.outcome, "interrupted", key);
      assert.deepEqual(row.finishedAt, noticed);
      assert.ok(row.error?.startsWith(INTERRUPTED_ERROR), row.error ?? "");
      assert.match(row.error!, new RegExp(`on ${self.host}`));
    }
    for (const key of ["livePid", "thisProcess", "otherHost", "legacy"] as const) assert.equal(byId.get(ids[key])!.outcome, "started", key);
    assert.equal(byId.get(ids.completed)!.outcome, "succeeded");

    // Marking again finds nothing new.
    assert.equal(await markInterruptedActions({ self, isAlive: (pid) => pid === 502, now: noticed }), 0);

    // The API's outcome filter and view.
    const listed = await listAuditEntries({ action, outcome: "interrupted" });
    assert.deepEqual(listed.entries.map((entry) => entry.id).sort(), [ids.deadPid, ids.reusedPid].sort());
    assert.ok(listed.entries.every((entry) => entry.outcome === "interrupted" && entry.finishedAt === noticed.toISOString()));
    assert.equal(auditQuerySchema.parse({ outcome: "interrupted" }).outcome, "interrupted");
  });

  test("with instance heartbeats: a lapsed instance's rows become interrupted, a beating one's never do", async () => {
    const noticed = new Date("2026-11-29T13:00:00Z");
    const beatAt = (ageMs: number) => new Date(noticed.getTime() - ageMs);
    const instance = async (process: ServerProcess, heartbeatAt: Date) => {
      const id = formatServerProcess(process);
      await getDb().dashboardInstance.create({
        data: { id, host: process.host, pid: process.pid, startedAt: new Date(process.startedAt), heartbeatAt },
      });
      return id;
    };
    const lapsedRemote = await instance({ ...self, host: `${self.host}-c`, pid: 601 }, beatAt(31_000));
    const liveRemote = await instance({ ...self, host: `${self.host}-d`, pid: 602 }, beatAt(5_000));
    // Same host name, pid not running here: a host of the same name elsewhere. It beats, so it lives.
    const liveSameName = await instance({ ...self, pid: 603 }, beatAt(29_000));
    const ids = {
      lapsedRemote: await startedRow("lapsed instance", lapsedRemote),
      liveRemote: await startedRow("live instance", liveRemote),
      liveSameName: await startedRow("live instance, same host name", liveSameName),
    };
    const marked = await markInterruptedActions({ self, isAlive: () => false, now: noticed });
    const rows = new Map((await getDb().auditEntry.findMany({ where: { id: { in: Object.values(ids) } } })).map((row) => [row.id, row]));
    assert.equal(rows.get(ids.lapsedRemote)!.outcome, "interrupted");
    assert.match(rows.get(ids.lapsedRemote)!.error!, /stopped beating at .*noticed by/);
    assert.equal(rows.get(ids.liveRemote)!.outcome, "started");
    assert.equal(rows.get(ids.liveSameName)!.outcome, "started");
    assert.ok(marked >= 1);
    const gone = await getDb().dashboardInstance.findMany({ where: { id: { in: [lapsedRemote, liveRemote, liveSameName] } } });
    assert.deepEqual(
      gone.filter((row) => row.goneAt).map((row) => row.id),
      [lapsedRemote],
    );

    // One keeps beating, the other stops: the next sweep after the lapse settles only that one.
    const later = new Date(noticed.getTime() + 30_000);
    await getDb().dashboardInstance.update({ where: { id: liveRemote }, data: { heartbeatAt: beatAt(-29_000) } });
    await markInterruptedActions({ self, isAlive: () => false, now: later });
    const after = await getDb().auditEntry.findMany({ where: { id: { in: [ids.liveRemote, ids.liveSameName] } } });
    assert.deepEqual(after.map((row) => row.outcome).sort(), ["interrupted", "started"]);
    assert.equal(after.find((row) => row.id === ids.liveSameName)!.outcome, "interrupted");
  });

  test("every row records the server process that wrote it", async () => {
    const target = uniqueName("it-target");
    await recordAction({ action, target, params: {}, command: "", actor: "it" }, async () => "done");
    await recordEvent({ action, target, actor: "it", outcome: "failed", error: "refused" });
    const rows = await getDb().auditEntry.findMany({ where: { action, target } });
    assert.equal(rows.length, 2);
    for (const row of rows) assert.equal(row.serverProcess, formatServerProcess(currentServerProcess()));
  });
});

describe("audit cursor", () => {
  test("a malformed cursor is refused by the query schema, naming it", () => {
    const result = auditQuerySchema.safeParse({ cursor: "<garbage>" });
    assert.equal(result.success, false);
    assert.deepEqual(
      result.error?.issues.map((issue) => issue.path.join(".")),
      ["cursor"],
    );
  });

  test("a well-formed cursor that is no entry is a 400 naming the cursor, not an empty last page", async () => {
    const error = await rejectsWithAppError(listAuditEntries({ cursor: "czzzzzzzzzzzzzzzzzzzzzzzz" }), 400, /cursor/);
    assert.equal(error.code, "bad_request:cursor");
  });

  test("the nextCursor of a page leads to the next one", async () => {
    const action = uniqueName("it.cursor");
    for (const target of ["a", "b", "c"]) await recordEvent({ action, target, actor: "it", outcome: "succeeded" });
    const first = await listAuditEntries({ action, limit: 2 });
    assert.equal(first.entries.length, 2);
    assert.ok(first.nextCursor);
    const second = await listAuditEntries({ action, limit: 2, cursor: first.nextCursor });
    assert.equal(second.entries.length, 1);
    assert.equal(second.nextCursor, null);
  });
});
