import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { AuditEntryView } from "@/lib/audit/types";
import type { CleanupPlan, CleanupRunProgress, CleanupRunResult } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { systemDfOnEngine } from "@/lib/docker/system";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

/**
 * Running clean-up plans against the private engine: what goes is exactly the plan's items, what
 * changed since the plan is skipped, and the bytes freed are the engine's own layer bytes that
 * went (its `LayersSize` before and after).
 */
describe("running clean-up plans", () => {
  let admin: DashboardClient;
  const run = uniqueName("run");
  const leftovers: string[][] = [];

  const planOf = async (body: unknown): Promise<CleanupPlan> =>
    admin.json<CleanupPlan>("/api/cleanup/plans", { method: "POST", body: JSON.stringify(body) }, 201);
  const runPlan = (id: string, body?: unknown, headers: Record<string, string> = {}) =>
    admin.fetch(`/api/cleanup/plans/${encodeURIComponent(id)}/run`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const exists = (ref: string) => {
    try {
      docker("image", "inspect", ref);
      return true;
    } catch {
      return false;
    }
  };
  const listedImageIds = () => new Set(docker("images", "-q", "--no-trunc").split("\n").filter(Boolean));
  const sessionRows = (auditId: string) => admin.json<{ entries: AuditEntryView[] }>(`/api/audit?session=${auditId}`);

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });
  after(() => {
    for (const args of leftovers.reverse()) {
      try {
        docker(...args);
      } catch {
        // already gone
      }
    }
  });

  test("a run removes exactly its items; the summary matches the engine's lists and layer bytes; the audit rows link up", async () => {
    const shared = `FROM local/busybox:1\nRUN head -c 300000 /dev/zero > /shared-${run}\n`;
    const first = `${run}/first:1`;
    const second = `${run}/second:1`;
    const firstId = buildImage(first, `${shared}RUN head -c 100000 /dev/zero > /first\n`);
    const secondId = buildImage(second, `${shared}RUN head -c 200000 /dev/zero > /second\n`);
    docker("tag", first, `${run}/first:also`);
    leftovers.push(["rmi", first, `${run}/first:also`, second]);

    const plan = await planOf({ images: [first, second] });
    const listedBefore = listedImageIds();
    const layersBefore = (await systemDfOnEngine()).LayersSize!;

    const response = await runPlan(plan.id);
    assert.equal(response.status, 200, await response.clone().text());
    const result = (await response.json()) as CleanupRunResult;
    assert.deepEqual(
      result.removed.map((item) => item.id),
      [firstId, secondId],
    );
    assert.deepEqual([result.skipped, result.failed], [[], []]);
    assert.equal(result.removed[0]!.command, `docker rmi ${first} ${run}/first:also`);

    // Exactly those two went from the image list; nothing else did.
    const listedAfter = listedImageIds();
    assert.deepEqual([...listedBefore].filter((id) => !listedAfter.has(id)).sort(), [firstId, secondId].sort());
    assert.ok(!exists(first) && !exists(second));
    // The engine's own sum over its layer store went down by exactly what the run reports, and
    // that is what the plan said it would free (the shared step counted once).
    const layersAfter = (await systemDfOnEngine()).LayersSize!;
    assert.equal(result.freedBytes, layersBefore - layersAfter);
    assert.equal(result.freedBytes, plan.reclaimableBytes);
    assert.ok(result.freedBytes >= 600_000, String(result.freedBytes));

    // One session row, one row per removal linked to it, each with its docker line.
    const rows = (await sessionRows(result.auditId)).entries;
    assert.deepEqual(
      rows.map((row) => [row.action, row.outcome, row.command]).sort(),
      [
        ["image.remove", "succeeded", `docker rmi ${first} ${run}/first:also`],
        ["image.remove", "succeeded", `docker rmi ${second}`],
      ].sort(),
    );
    const { entries: sessions } = await admin.json<{ entries: AuditEntryView[] }>(`/api/audit?action=cleanup.run&target=${plan.id}`);
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0]!.id, result.auditId);
    assert.equal(sessions[0]!.outcome, "succeeded");
    assert.deepEqual(sessions[0]!.result, { removed: 2, skipped: 0, failed: 0, freedBytes: result.freedBytes });

    // The stored plan carries its run; a second run is refused.
    const stored = await admin.json<CleanupPlan>(`/api/cleanup/plans/${plan.id}`);
    assert.equal(stored.run?.startedBy, TEST_ADMIN.username);
    assert.deepEqual(stored.run?.result, result);
    const again = await runPlan(plan.id);
    assert.equal(again.status, 409);
    assert.match(((await again.json()) as { error: string }).error, /run already.*make a new plan/);
  });

  test("an item that changed since the plan is skipped with the reason: a container now uses it, or it was re-tagged", async () => {
    const used = `${run}/used:1`;
    const retagged = `${run}/retagged:1`;
    const usedId = buildImage(used, `FROM local/busybox:1\nRUN echo used-${run} > /used\n`);
    const retaggedId = buildImage(retagged, `FROM local/busybox:1\nRUN echo retagged-${run} > /retagged\n`);
    const container = `${run}-late`;
    leftovers.push(["rmi", used, retagged, `${run}/retagged:keep`], ["rm", "-f", container]);

    const plan = await planOf({ images: [used, retagged] });
    assert.ok(plan.items.every((item) => !item.blocked));
    // Between plan and run: a container is created from one, the other gets a second tag.
    docker("create", "--name", container, used);
    docker("tag", retagged, `${run}/retagged:keep`);

    const result = (await (await runPlan(plan.id)).json()) as CleanupRunResult;
    assert.deepEqual(result.removed, []);
    assert.deepEqual(
      result.skipped.map((entry) => entry.item.id),
      [usedId, retaggedId],
    );
    assert.match(result.skipped[0]!.reason, new RegExp(`container now uses it: ${container}`));
    assert.match(result.skipped[1]!.reason, new RegExp(`re-tagged since the plan: now also ${run}/retagged:keep`));
    assert.equal(result.freedBytes, 0);
    assert.ok(exists(used) && exists(retagged));
    assert.deepEqual((await sessionRows(result.auditId)).entries, [], "nothing removed, no removal rows");
  });

  test("with Accept: application/x-ndjson each item is a line as it goes, with the bytes freed so far; containers go before their image", async () => {
    const image = `${run}/streamed:1`;
    const imageId = buildImage(image, `FROM local/busybox:1\nRUN head -c 150000 /dev/zero > /streamed-${run}\n`);
    const container = `${run}-old`;
    docker("create", "--name", container, image);
    leftovers.push(["rm", "-f", container], ["rmi", image]);

    const plan = await planOf({ images: [image], containers: [container] });
    const response = await runPlan(plan.id, {}, { accept: "application/x-ndjson" });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CleanupRunProgress | { result: CleanupRunResult });
    assert.equal(lines.length, 4, JSON.stringify(lines));
    assert.deepEqual(lines[0], {
      type: "started",
      planId: plan.id,
      total: 2,
      auditId: (lines[3] as { result: CleanupRunResult }).result.auditId,
    });
    const [containerLine, imageLine] = lines.slice(1, 3) as Extract<CleanupRunProgress, { type: "item" }>[];
    assert.deepEqual(
      [containerLine!.item.kind, containerLine!.outcome, containerLine!.command],
      ["container", "removed", `docker container rm ${container}`],
    );
    assert.deepEqual([imageLine!.item.id, imageLine!.outcome], [imageId, "removed"]);
    assert.ok(imageLine!.freedBytes >= containerLine!.freedBytes + 150_000, JSON.stringify(lines));
    const result = (lines[3] as { result: CleanupRunResult }).result;
    assert.equal(result.freedBytes, imageLine!.freedBytes);
    assert.ok(!exists(image));
    assert.throws(() => docker("container", "inspect", container));
  });

  test("a plan older than 10 minutes, or big enough to need a confirmation without one, is refused before anything goes", async () => {
    const image = `${run}/guarded:1`;
    buildImage(image, `FROM local/busybox:1\nRUN echo guarded-${run} > /guarded\n`);
    leftovers.push(["rmi", image]);

    const old = await planOf({ images: [image] });
    await getDb().cleanupPlan.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    const stale = await runPlan(old.id);
    assert.equal(stale.status, 409);
    assert.match(((await stale.json()) as { error: string }).error, /11 minutes old.*make a new plan/);

    // A plan that frees more than 1 GB (its stored figure: building a real gigabyte is slow).
    const big = await planOf({ images: [image] });
    await getDb().cleanupPlan.update({ where: { id: big.id }, data: { reclaimableBytes: BigInt(2_000_000_000) } });
    const unconfirmed = await runPlan(big.id);
    assert.equal(unconfirmed.status, 400);
    const refusal = (await unconfirmed.json()) as { error: string; expectedConfirm: number };
    assert.match(refusal.error, /frees 2 GB.*"confirm": 1/);
    assert.equal(refusal.expectedConfirm, 1);
    const wrong = await runPlan(big.id, { confirm: 3 });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /got 3, the plan removes 1 item/);
    assert.ok(exists(image), "refused runs remove nothing");
    const confirmed = await runPlan(big.id, { confirm: 1 });
    assert.equal(confirmed.status, 200, await confirmed.clone().text());
    assert.equal(((await confirmed.json()) as CleanupRunResult).removed.length, 1);
    assert.ok(!exists(image));

    assert.equal((await runPlan("no-such-plan")).status, 404);
    const badBody = await runPlan(big.id, { confirm: "yes" });
    assert.equal(badBody.status, 400);
  });
});
