import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Cron } from "croner";
import type { AuditEntryView } from "@/lib/audit/types";
import { acquirePolicyLease, runScheduledCleanupTick } from "@/lib/cleanup/policies";
import { startCleanupScheduler, stopCleanupScheduler, tickTime } from "@/lib/cleanup/scheduler";
import type { CleanupPolicy, CleanupRunResult } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

// A rule nothing matches: runs that remove nothing, for the tests of leases and ticks.
const NOTHING = { rules: { largerThanBytes: 1e15 } };

describe("clean-up policies", () => {
  let admin: DashboardClient;
  const run = uniqueName("policy");
  const leftovers: string[][] = [];

  const create = (body: Record<string, unknown>, status = 201) =>
    admin.json<CleanupPolicy>("/api/cleanup/policies", { method: "POST", body: JSON.stringify(body) }, status);
  const sessionsOf = async (policyId: string) => {
    const { entries } = await admin.json<{ entries: AuditEntryView[] }>("/api/audit?action=cleanup.run&limit=500");
    return entries.filter((entry) => (entry.params as { policyId?: string }).policyId === policyId);
  };

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(() => {
    stopCleanupScheduler();
    for (const args of leftovers.reverse()) {
      try {
        docker(...args);
      } catch {
        // already gone
      }
    }
  });

  test("save, list, change and delete a policy; a bad schedule is a 400 naming it; names are unique", async () => {
    const bad = await admin.fetch("/api/cleanup/policies", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: `${run}-bad`, schedule: "every night" }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /schedule.*not a cron schedule/);

    const saved = await create({
      name: `${run}-nightly`,
      rules: { dangling: true },
      keep: { labels: ["keep=true"] },
      limits: { maxBytes: 20_000_000_000, maxItems: 100 },
      schedule: "0 3 * * *",
    });
    assert.deepEqual(
      [saved.rules, saved.keep, saved.limits, saved.schedule, saved.enabled, saved.running, saved.lastRun],
      [{ dangling: true }, { labels: ["keep=true"] }, { maxBytes: 20_000_000_000, maxItems: 100 }, "0 3 * * *", true, false, null],
    );
    assert.equal(new Date(saved.nextRunAt!).getHours(), 3);
    assert.equal(saved.createdBy, TEST_ADMIN.username);
    await create({ name: `${run}-nightly` }, 409);

    const { policies } = await admin.json<{ policies: CleanupPolicy[] }>("/api/cleanup/policies");
    assert.ok(policies.some((policy) => policy.id === saved.id));

    const changed = await admin.json<CleanupPolicy>(`/api/cleanup/policies/${saved.id}`, {
      method: "PATCH",
      body: JSON.stringify({ schedule: null, limits: { maxItems: 5 } }),
    });
    assert.deepEqual(
      [changed.schedule, changed.nextRunAt, changed.limits, changed.rules],
      [null, null, { maxBytes: null, maxItems: 5 }, { dangling: true }],
    );

    await admin.json(`/api/cleanup/policies/${saved.id}`, { method: "DELETE" });
    assert.equal((await admin.fetch(`/api/cleanup/policies/${saved.id}`)).status, 404);
    const { entries } = await admin.json<{ entries: AuditEntryView[] }>(`/api/audit?target=${run}-nightly`);
    assert.deepEqual(entries.map((entry) => entry.action).sort(), [
      "cleanup.policy.create",
      "cleanup.policy.delete",
      "cleanup.policy.update",
    ]);
  });

  test("a run stays under the policy's limits, names the limit for what it leaves, and is audited with the policy", async () => {
    const first = `${run}/first:1`;
    const second = `${run}/second:1`;
    const firstId = buildImage(first, `FROM local/busybox:1\nRUN echo first-${run} > /f\n`);
    const secondId = buildImage(second, `FROM local/busybox:1\nRUN echo second-${run} > /s\n`);
    leftovers.push(["rmi", first, second]);
    const policy = await create({ name: `${run}-limited`, images: [first, second], limits: { maxItems: 1 } });

    const result = await admin.json<CleanupRunResult>(`/api/cleanup/policies/${policy.id}/run`, { method: "POST" });
    assert.deepEqual(
      result.removed.map((item) => item.id),
      [firstId],
    );
    assert.deepEqual(result.skipped, [
      { item: { kind: "image", id: secondId, name: second }, reason: "blocked when planned: beyond the policy's limit of 1 item per run" },
    ]);
    docker("image", "inspect", second);
    const [session] = await sessionsOf(policy.id);
    assert.equal(session?.id, result.auditId);
    assert.deepEqual([session?.actor, (session?.params as { trigger: string }).trigger], [TEST_ADMIN.username, "manual"]);
    const after = await admin.json<CleanupPolicy>(`/api/cleanup/policies/${policy.id}`);
    assert.deepEqual([after.running, after.lastRun?.planId, after.lastRun?.outcome], [false, result.planId, "succeeded"]);
  });

  test("one run at a time: two at once, one is refused; a live lease of another server refuses, an expired one is taken over", async () => {
    const policy = await create({ name: `${run}-once`, ...NOTHING });
    const runOnce = () => admin.fetch(`/api/cleanup/policies/${policy.id}/run`, { method: "POST" });
    const responses = await Promise.all([runOnce(), runOnce()]);
    assert.deepEqual(responses.map((response) => response.status).sort(), [200, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    assert.match(((await refused.json()) as { error: string }).error, /running already: one run at a time/);
    assert.equal((await sessionsOf(policy.id)).length, 1);

    // Another server's run holds the lease until it expires.
    await getDb().cleanupPolicy.update({
      where: { id: policy.id },
      data: { leaseOwner: "other-server", leaseExpiresAt: new Date(Date.now() + 30_000) },
    });
    assert.equal((await runOnce()).status, 409);
    assert.equal((await admin.json<CleanupPolicy>(`/api/cleanup/policies/${policy.id}`)).running, true);
    // That server died: its lease expires and the next run takes it over.
    await getDb().cleanupPolicy.update({ where: { id: policy.id }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    assert.equal((await runOnce()).status, 200);
    assert.equal((await admin.json<CleanupPolicy>(`/api/cleanup/policies/${policy.id}`)).running, false);
    assert.equal(await acquirePolicyLease({ id: policy.id, owner: "a" }), true);
    assert.equal(await acquirePolicyLease({ id: policy.id, owner: "b" }), false);
  });

  test("a tick runs once, whichever server fires it first", async () => {
    const policy = await create({ name: `${run}-tick`, ...NOTHING, schedule: "0 4 * * *" });
    const tick = tickTime(new Date());
    assert.equal(await runScheduledCleanupTick(policy.id, tick), "ran");
    assert.equal(await runScheduledCleanupTick(policy.id, tick), "skipped", "the same tick on a second server");
    assert.equal(await runScheduledCleanupTick(policy.id, new Date(tick.getTime() + 1000)), "ran");
    const sessions = await sessionsOf(policy.id);
    assert.equal(sessions.length, 2);
    assert.ok(
      sessions.every((session) => session.actor === `policy:${run}-tick` && (session.params as { trigger: string }).trigger === "schedule"),
    );
    // A tick of a schedule the policy no longer has (changed through another server), or of a
    // disabled policy, runs nothing.
    assert.equal(await runScheduledCleanupTick(policy.id, new Date(tick.getTime() + 2000), "* * * * *"), "skipped");
    await admin.json(`/api/cleanup/policies/${policy.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) });
    assert.equal(await runScheduledCleanupTick(policy.id, new Date(tick.getTime() + 3000), "0 4 * * *"), "skipped");
    assert.equal((await sessionsOf(policy.id)).length, 2);
  });

  test("a scheduled run that cannot even plan (an image it names is gone) is audited as failed, naming the policy and why", async () => {
    const gone = `${run}/gone:1`;
    const policy = await create({ name: `${run}-broken`, images: [gone], schedule: "0 4 * * *" });
    assert.equal(await runScheduledCleanupTick(policy.id, tickTime(new Date())), "failed");
    const [session, ...more] = await sessionsOf(policy.id);
    assert.equal(more.length, 0);
    assert.deepEqual(
      [session?.outcome, session?.actor, (session?.params as { trigger: string }).trigger, session?.target],
      ["failed", `policy:${run}-broken`, "schedule", `policy ${run}-broken`],
    );
    assert.ok(session?.error?.includes(gone), `the error names the missing image: ${session?.error}`);
    const after = await admin.json<CleanupPolicy>(`/api/cleanup/policies/${policy.id}`);
    assert.deepEqual([after.running, after.lastRun?.outcome], [false, "failed"]);
  });

  test("policies belong to the default engine: saving or running one on another engine is a 400 that runs nothing", async () => {
    // A second engine record (the same engine under another name is enough: the refusal comes first).
    const other = await getDb().engine.create({ data: { name: `${run}-other`, host: process.env.DOCKER_HOST ?? "" } });
    try {
      const saved = await admin.fetch(`/api/cleanup/policies?engine=${other.id}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: `${run}-elsewhere`, ...NOTHING }),
      });
      assert.equal(saved.status, 400);
      const refusal = (await saved.json()) as { error: string; code: string };
      assert.equal(refusal.code, "bad_request:cleanup_policy");
      assert.match(refusal.error, new RegExp(`default engine only.*"${run}-other"`));

      const policy = await create({ name: `${run}-default-only`, ...NOTHING });
      const ran = await admin.fetch(`/api/cleanup/policies/${policy.id}/run?engine=${other.id}`, { method: "POST" });
      assert.equal(ran.status, 400);
      assert.equal((await sessionsOf(policy.id)).length, 0);
      const changed = await admin.fetch(`/api/cleanup/policies/${policy.id}?engine=${other.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ enabled: false }),
      });
      assert.equal(changed.status, 400);
      assert.equal((await admin.json<CleanupPolicy>(`/api/cleanup/policies/${policy.id}`)).enabled, true);
    } finally {
      await getDb().engine.delete({ where: { id: other.id } });
    }
  });

  test("a per-second schedule runs once per tick with two schedulers firing (this server's and a second one's)", async () => {
    const policy = await create({ name: `${run}-every-second`, ...NOTHING, schedule: "* * * * * *" });
    await startCleanupScheduler();
    // A second server's scheduler: the same schedule, the same tick function.
    const otherServer = new Cron("* * * * * *", { unref: true }, async (self: Cron) => {
      await runScheduledCleanupTick(policy.id, tickTime(self.currentRun() ?? new Date()), "* * * * * *");
    });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    otherServer.stop();
    stopCleanupScheduler();
    await new Promise((resolve) => setTimeout(resolve, 500));

    const ticks = (await sessionsOf(policy.id)).map((session) => (session.params as { tick: string }).tick);
    assert.ok(ticks.length >= 2, `ran ${ticks.length} times in 3.5 s`);
    assert.equal(new Set(ticks).size, ticks.length, `a tick ran twice: ${ticks.join(", ")}`);
    assert.ok(ticks.every((tick) => tick.endsWith(".000Z")));
  });
});
