import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Principal } from "@/lib/auth/roles";
import { endConsole, MAX_OPEN_PER_OWNER, openConsole, ownerKey } from "@/lib/containers/console-sessions";
import { getDb } from "@/lib/db";
import { forgetConsolesOfGoneInstances } from "@/lib/instances/actions";
import { HEARTBEAT_LAPSE_MS } from "@/lib/instances/heartbeat";
import { currentInstanceId } from "@/lib/instances/queries";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { prepareRouteTests } from "@/lib/testing/route-client";

requireSandboxEngine();
prepareRouteTests();

// The console limit holds across instances sharing the database: this process is one instance,
// and a second one (its heartbeat row and its consoles' rows, as it writes them) shares the store.
// On SQLite here, and on PostgreSQL in scripts/test.sh's second pass.
describe("open consoles are counted across instances", () => {
  const container = uniqueName("console-limit");
  const busy: Principal = { kind: "token", id: uniqueName("busy"), name: "busy", role: "operator", createdBy: "it" };
  const other = `${uniqueName("other-host")}/4242/${Date.now()}`;
  const opened: string[] = [];

  const beat = (ageMs: number) =>
    getDb().dashboardInstance.upsert({
      where: { id: other },
      create: {
        id: other,
        host: other.split("/")[0]!,
        pid: 4242,
        startedAt: new Date(),
        heartbeatAt: new Date(Date.now() - ageMs),
        address: "http://127.0.0.1:1",
      },
      update: { heartbeatAt: new Date(Date.now() - ageMs) },
    });
  const open = async () => {
    const { session } = await openConsole({ container, request: { command: ["sleep", "300"] }, principal: busy });
    opened.push(session);
    return session;
  };

  before(async () => {
    docker("run", "-d", "--name", container, "--network", "none", "local/busybox:1", "sleep", "3600");
    await beat(0);
    // The other instance holds all but one of the owner's consoles, and one that has ended.
    await getDb().consoleSession.createMany({
      data: [
        ...Array.from({ length: MAX_OPEN_PER_OWNER - 1 }, (_, index) => ({
          id: `${other}-${index}`,
          instanceId: other,
          owner: ownerKey(busy),
        })),
        { id: `${other}-ended`, instanceId: other, owner: ownerKey(busy), endedAt: new Date() },
      ],
    });
  });
  after(async () => {
    for (const session of opened) await endConsole({ session, principal: busy }).catch(() => undefined);
    await getDb().consoleSession.deleteMany({ where: { instanceId: other } });
    await getDb().dashboardInstance.deleteMany({ where: { id: other } });
    docker("rm", "-f", container);
  });

  test("consoles open on a live instance count here: the tenth opens, the eleventh is refused naming the count", async () => {
    const session = await open();
    const row = await getDb().consoleSession.findUnique({ where: { id: session } });
    assert.equal(row?.instanceId, currentInstanceId(), "the row names the instance holding the shell");
    const refused = await rejectsWithAppError(
      open(),
      409,
      new RegExp(`You have ${MAX_OPEN_PER_OWNER} consoles open \\(on all dashboard instances\\)`),
    );
    assert.equal(refused.code, "conflict:console");
    assert.equal(
      await getDb().consoleSession.count({ where: { owner: ownerKey(busy), instanceId: currentInstanceId() } }),
      1,
      "a refused console leaves no row",
    );
  });

  test("a console that ends here frees its place on every instance", async () => {
    const ended = opened.pop()!;
    await endConsole({ session: ended, principal: busy });
    const row = await getDb().consoleSession.findUnique({ where: { id: ended } });
    assert.ok(row?.endedAt, "the row stays a while for its exit code, marked ended");
    await open();
    await rejectsWithAppError(open(), 409, /consoles open/);
  });

  test("consoles of an instance whose heartbeat lapsed went with it and no longer count", async () => {
    await beat(HEARTBEAT_LAPSE_MS + 5_000);
    await open();
    await open();
    assert.equal(
      await getDb().consoleSession.count({ where: { owner: ownerKey(busy), instanceId: currentInstanceId(), endedAt: null } }),
      3,
    );
    // It beats again (a long pause, not a crash): its consoles count again.
    await beat(0);
    await rejectsWithAppError(open(), 409, new RegExp(`You have ${MAX_OPEN_PER_OWNER - 1 + 3} consoles open`));
  });

  test("the heartbeat's sweep forgets the console rows of a lapsed instance, never a live one's", async () => {
    // Its open consoles and the ended one.
    const othersRows = MAX_OPEN_PER_OWNER - 1 + 1;
    assert.equal(await forgetConsolesOfGoneInstances(), 0);
    assert.equal(await getDb().consoleSession.count({ where: { instanceId: other } }), othersRows);
    await beat(HEARTBEAT_LAPSE_MS + 5_000);
    assert.equal(await forgetConsolesOfGoneInstances(), othersRows);
    assert.equal(await getDb().consoleSession.count({ where: { instanceId: other } }), 0);
    assert.equal(
      await getDb().consoleSession.count({ where: { owner: ownerKey(busy), instanceId: currentInstanceId(), endedAt: null } }),
      3,
      "this instance's own consoles stay",
    );
  });
});
