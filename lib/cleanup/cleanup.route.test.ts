import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CHANGED_REFRESH_AFTER_MS, refreshSystemDf, settledSystemDf, systemDfStatus } from "@/lib/cleanup/system-df";
import type { CleanupCounts, CleanupPlan, DiskUsage } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { systemDfOnEngine } from "@/lib/docker/system";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

/**
 * Disk usage and clean-up plans checked against the engine's own figures: `/system/df` (each
 * image's size and the part of it other images share) and image sizes from inspect.
 */
describe("disk usage and clean-up plans against the engine", () => {
  let admin: DashboardClient;
  const run = uniqueName("plan");
  const cleanup: (() => void)[] = [];
  const first = `${run}/first:1`;
  const second = `${run}/second:1`;
  let firstId = "";
  let secondId = "";

  const planOf = async (body: unknown): Promise<CleanupPlan> => {
    const response = await admin.fetch("/api/cleanup/plans", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as CleanupPlan;
  };
  const sizeOf = (ref: string) => Number(docker("image", "inspect", "--format", "{{.Size}}", ref));
  /** The engine's unique bytes of an image: its size minus what other images share of it. */
  const engineUnique = async (id: string): Promise<number> => {
    const image = (await systemDfOnEngine()).Images?.find((entry) => entry.Id === id);
    assert.ok(image, `system df lists ${id}`);
    return image.Size! - image.SharedSize!;
  };

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
    // Two images sharing the base and one 300 kB step (the builder's cache reuses the first
    // build's layer), each with a step of its own.
    const shared = `FROM local/busybox:1\nRUN head -c 300000 /dev/zero > /shared-${run}\n`;
    firstId = buildImage(first, `${shared}RUN head -c 100000 /dev/zero > /first\n`);
    secondId = buildImage(second, `${shared}RUN head -c 200000 /dev/zero > /second\n`);
    cleanup.push(() => docker("rmi", first, second));
  });
  after(() => {
    for (const step of cleanup.reverse()) {
      try {
        step();
      } catch {
        // already gone
      }
    }
  });

  test("disk usage: counts and unique bytes agree with docker system df; df itself runs in the background", async () => {
    const response = await admin.fetch("/api/disk-usage");
    assert.equal(response.status, 200);
    const usage = (await response.json()) as DiskUsage;
    assert.ok(["computing", "ready"].includes(usage.systemDf.state), usage.systemDf.state);

    const df = await systemDfOnEngine();
    const engineImages = df.Images ?? [];
    assert.equal(usage.images.count, engineImages.length);
    assert.equal(
      usage.images.uniqueBytes,
      engineImages.reduce((sum, image) => sum + image.Size! - image.SharedSize!, 0),
    );
    assert.equal(usage.images.totalBytes, usage.images.uniqueBytes + usage.images.sharedBytes);
    // Every stored layer counted once: the engine's own sum over its layer store.
    assert.equal(usage.images.totalBytes, df.LayersSize);
    assert.equal(
      usage.images.danglingCount,
      engineImages.filter((image) => !(image as { RepoTags?: string[] }).RepoTags?.some((tag) => tag !== "<none>:<none>")).length,
    );
    const allIds = new Set(docker("images", "-a", "-q", "--no-trunc").split("\n").filter(Boolean));
    assert.equal(usage.buildCache.intermediateImageCount, allIds.size - usage.images.count);
    assert.equal(usage.containers.count, (df.Containers ?? []).length);

    await settledSystemDf();
    const again = (await (await admin.fetch("/api/disk-usage")).json()) as DiskUsage;
    assert.equal(again.systemDf.state, "ready");
    assert.equal(again.systemDf.error, null);
    assert.equal(again.systemDf.result?.layersBytes, df.LayersSize);
    assert.equal(typeof again.volumes.totalBytes, "number", "volume sizes come from the finished df");
  });

  test("a change announced by the engine (here a volume made with the CLI) has df computed again within 10 s, not 5 min", async () => {
    await admin.fetch("/api/disk-usage");
    await settledSystemDf();
    const status = () => systemDfStatus();
    /** Calls `refresh` until a new computation starts (the engine's event has arrived), then waits for it. */
    const recomputed = async (refresh: () => void, what: string) => {
      const startedBefore = status().startedAt;
      const deadline = Date.now() + 10_000;
      while (status().startedAt === startedBefore) {
        assert.ok(Date.now() < deadline, `df was not computed again after ${what}`);
        refresh();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await settledSystemDf();
    };
    // A fresh result to start from (one older than 5 minutes is computed again).
    await recomputed(() => refreshSystemDf(Date.parse(status().finishedAt!) + 5 * 60_000), "5 minutes");
    let finished = Date.parse(status().finishedAt!);
    refreshSystemDf(finished + CHANGED_REFRESH_AFTER_MS + 1);
    assert.equal(status().state, "ready", "nothing changed: the result stands");

    const volume = uniqueName("df-volume");
    cleanup.push(() => docker("volume", "rm", volume));
    docker("volume", "create", volume);
    await recomputed(() => refreshSystemDf(finished + CHANGED_REFRESH_AFTER_MS + 1), "the volume's creation");
    assert.ok(status().volumeSizes?.has(volume), "the new result has the new volume");

    // Not sooner than 10 s after the last result, however many changes come.
    finished = Date.parse(status().finishedAt!);
    docker("volume", "rm", volume);
    await recomputed(() => {
      const startedBefore = status().startedAt;
      refreshSystemDf(finished + CHANGED_REFRESH_AFTER_MS - 1_000);
      assert.equal(status().startedAt, startedBefore, "computed again sooner than 10 s after the last result");
      refreshSystemDf(finished + CHANGED_REFRESH_AFTER_MS + 1);
    }, "the volume's removal");
    assert.equal(status().volumeSizes?.has(volume), false);
  });

  test("one image frees its own layer; the pair also frees the step they share, counted once", async () => {
    const ownFirst = await engineUnique(firstId);
    const ownSecond = await engineUnique(secondId);
    assert.ok(ownFirst >= 100_000 && ownSecond >= 200_000, `${ownFirst} ${ownSecond}`);

    const single = await planOf({ images: [first] });
    assert.equal(single.items.length, 1);
    assert.deepEqual([single.items[0]!.id, single.items[0]!.name, single.items[0]!.blocked], [firstId, first, false]);
    assert.equal(single.reclaimableBytes, ownFirst);
    assert.equal(single.items[0]!.bytes, ownFirst);

    // The shared step's layer: the intermediate image after it, less the base.
    const sharedStep = docker("history", "-q", first).split("\n")[1]!;
    const sharedBytes = sizeOf(sharedStep) - sizeOf("local/busybox:1");
    assert.ok(sharedBytes >= 300_000, String(sharedBytes));
    const pair = await planOf({ images: [first, second] });
    assert.equal(pair.reclaimableBytes, ownFirst + ownSecond + sharedBytes);
    assert.equal(pair.sharedBetweenItemsBytes, sharedBytes);
    assert.deepEqual(
      pair.items.map((item) => item.bytes),
      [ownFirst, ownSecond],
    );
    // The plan is stored: read back as it was made.
    const stored = await admin.fetch(`/api/cleanup/plans/${encodeURIComponent(pair.id)}`);
    assert.equal(stored.status, 200);
    const read = (await stored.json()) as CleanupPlan;
    assert.deepEqual(read, pair);
    assert.equal(read.createdBy, TEST_ADMIN.username);
    assert.equal((await admin.fetch("/api/cleanup/plans/no-such-plan")).status, 404);
    // Nothing was removed.
    assert.equal(docker("image", "inspect", "--format", "{{.Id}}", first), firstId);
  });

  test("counts answer what each request alone would remove, the same bytes as a plan, and store nothing", async () => {
    const plansBefore = await getDb().cleanupPlan.count();
    const response = await admin.fetch("/api/cleanup/counts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ requests: { single: { images: [first] }, pair: { images: [first, second] } } }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    const { counts } = (await response.json()) as CleanupCounts;
    assert.deepEqual(counts.single, { count: 1, blocked: 0, bytes: await engineUnique(firstId) });
    assert.equal(counts.pair!.count, 2);
    assert.equal(counts.pair!.bytes, (await planOf({ images: [first, second] })).reclaimableBytes);
    // One stored plan: the one made just now to compare with, none for the counts.
    assert.equal(await getDb().cleanupPlan.count(), plansBefore + 1);

    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`r${index}`, { rules: { dangling: true } }]));
    const bad = await admin.fetch("/api/cleanup/counts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ requests: tooMany }),
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /at most 20/);
  });

  test("an image a container uses is blocked, names the container, and frees nothing until the container is planned too", async () => {
    const name = `${run}-user`;
    docker("create", "--name", name, first);
    cleanup.push(() => docker("rm", "-f", name));

    const blocked = await planOf({ images: [first] });
    assert.equal(blocked.items[0]!.blocked, true);
    assert.deepEqual(
      blocked.items[0]!.blockedBy?.map((blocker) => blocker.name),
      [name],
    );
    assert.equal(blocked.items[0]!.bytes, 0);
    assert.equal(blocked.reclaimableBytes, 0);

    const byRules = await planOf({ rules: { unused: true } });
    assert.ok(!byRules.items.some((item) => item.id === firstId), "an image in use is never an unused candidate");
    assert.ok(byRules.items.some((item) => item.id === secondId));

    const withContainer = await planOf({ images: [first], containers: [name] });
    const image = withContainer.items.find((item) => item.kind === "image")!;
    assert.equal(image.blocked, false);
    assert.equal(withContainer.reclaimableBytes, await engineUnique(firstId));
  });

  test("bad input is a 400 naming it; unknown items are 404s", async () => {
    const unknownRule = await admin.fetch("/api/cleanup/plans", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rules: { everything: true } }),
    });
    assert.equal(unknownRule.status, 400);
    assert.match(((await unknownRule.json()) as { error: string }).error, /everything/);
    for (const body of [{ images: [`${run}/missing:1`] }, { containers: [`${run}-missing`] }]) {
      const response = await admin.fetch("/api/cleanup/plans", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 404, JSON.stringify(body));
    }
  });
});
