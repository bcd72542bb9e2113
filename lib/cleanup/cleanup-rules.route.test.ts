import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Docker from "dockerode";
import { previewCleanupPlan } from "@/lib/cleanup/queries";
import type { CleanupPlan, CleanupRunResult } from "@/lib/cleanup/types";
import { getDb } from "@/lib/db";
import { buildImage, docker, eventually, uniqueName } from "@/lib/testing/docker-cli";
import { startPrivateEngine } from "@/lib/testing/engines";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

/** The rules that read more than the image list, against the private engine. */
describe("clean-up rules: last use, dangling volumes, build leftovers", () => {
  let admin: DashboardClient;
  let viewer: DashboardClient;
  const run = uniqueName("rules");
  const leftovers: string[][] = [];

  const planAs = (client: DashboardClient, body: unknown) =>
    client.json<CleanupPlan>("/api/cleanup/plans", { method: "POST", body: JSON.stringify(body) }, 201);

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
    const password = "viewer-password-1";
    const username = uniqueName("viewer");
    await admin.json("/api/users", { method: "POST", body: JSON.stringify({ username, password, role: "viewer" }) }, 201);
    viewer = await signInRoute(username, password);
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

  test("unusedForDays: last use from a running container, the audit log's launches, or else the image's creation", async () => {
    const never = `${run}/never:1`;
    const running = `${run}/running:1`;
    const audited = `${run}/audited:1`;
    const neverId = buildImage(never, `FROM local/busybox:1\nRUN echo never-${run} > /n\n`);
    const runningId = buildImage(running, `FROM local/busybox:1\nRUN echo running-${run} > /r\n`);
    const auditedId = buildImage(audited, `FROM local/busybox:1\nRUN echo audited-${run} > /a\n`);
    const container = `${run}-sleeper`;
    docker("run", "-d", "--name", container, running, "sleep", "300");
    leftovers.push(["rmi", never, running, audited], ["rm", "-f", container]);
    // A launch through the dashboard 20 days from now, of a container since removed: only the
    // audit log remembers it.
    const later = (days: number) => new Date(Date.now() + days * 86_400_000);
    await getDb().auditEntry.create({
      data: {
        actor: "admin",
        engine: "test",
        action: "container.run",
        target: "gone",
        params: JSON.stringify({ image: audited, imageId: auditedId }),
        command: `docker run -d ${audited}`,
        outcome: "succeeded",
        createdAt: later(20),
      },
    });

    // Looked at 40 days from now, with a 30-day rule.
    // (The image list learns of the CLI's builds from the engine's event stream a moment later.)
    const plan = await eventually(async () => {
      const made = await previewCleanupPlan({ rules: { unusedForDays: 30 } }, later(40));
      assert.ok(
        made.items.some((item) => item.id === neverId),
        "never used for 40 days",
      );
      return made;
    });
    const ids = new Set(plan.items.map((item) => item.id));
    assert.match(plan.items.find((item) => item.id === neverId)!.reason, /never used by a container since created 40 days ago/);
    assert.ok(!ids.has(runningId), "a running container is a use now");
    assert.ok(!ids.has(auditedId), "launched 20 days before, by the audit log");
    const laterStill = await previewCleanupPlan({ rules: { unusedForDays: 30 } }, later(60));
    assert.match(laterStill.items.find((item) => item.id === auditedId)?.reason ?? "", /last used by a container 40 days ago/);
  });

  test("danglingVolumes: a viewer may plan them; running needs admin and a confirmation; an in-use one is blocked", async () => {
    const loose = `${run}-loose`;
    const kept = `${run}-kept`;
    const mounted = `${run}-mounted`;
    const holder = `${run}-holder`;
    docker("volume", "create", loose);
    docker("volume", "create", "--label", "keep=true", kept);
    docker("volume", "create", mounted);
    docker("create", "--name", holder, "-v", `${mounted}:/data`, "local/busybox:1", "true");
    leftovers.push(["volume", "rm", loose, kept, mounted], ["rm", "-f", holder]);

    const byRule = await planAs(viewer, { rules: { danglingVolumes: true }, keep: { labels: ["keep=true"] } });
    const names = byRule.items.filter((item) => item.kind === "volume").map((item) => item.name);
    assert.ok(names.includes(loose));
    assert.ok(!names.includes(kept), "keep label");
    assert.ok(!names.includes(mounted), "mounted by a (stopped) container");
    assert.match(byRule.items.find((item) => item.name === loose)!.reason, /data loss/);

    const listed = await planAs(viewer, { volumes: [mounted] });
    assert.deepEqual(
      listed.items[0]!.blockedBy?.map((blocker) => blocker.name),
      [holder],
    );

    const mine = await planAs(viewer, { volumes: [loose] });
    const byViewer = await viewer.fetch(`/api/cleanup/plans/${mine.id}/run`, { method: "POST", body: JSON.stringify({ confirm: 1 }) });
    assert.equal(byViewer.status, 403);
    const unconfirmed = await admin.fetch(`/api/cleanup/plans/${mine.id}/run`, { method: "POST" });
    assert.equal(unconfirmed.status, 400);
    assert.match(((await unconfirmed.json()) as { error: string }).error, /removes a volume.*"confirm": 1/);
    const result = await admin.json<CleanupRunResult>(`/api/cleanup/plans/${mine.id}/run`, {
      method: "POST",
      body: JSON.stringify({ confirm: 1 }),
    });
    assert.deepEqual(
      result.removed.map((item) => [item.kind, item.name, item.command]),
      [["volume", loose, `docker volume rm ${loose}`]],
    );
    assert.throws(() => docker("volume", "inspect", loose));
    assert.equal(result.pruneCommand, null, "hand-picked items have no prune equivalent");
    const withRule = await planAs(admin, { rules: { danglingVolumes: true } });
    assert.ok(!withRule.items.some((item) => item.name === loose));
  });

  test("buildCache: a classic build's dangling leftover is a candidate; an imported dangling image is not", async () => {
    const tag = `${run}/rebuilt:1`;
    const firstBuild = buildImage(tag, `FROM local/busybox:1\nRUN echo first-${run} > /v\n`);
    const secondBuild = buildImage(tag, `FROM local/busybox:1\nRUN echo second-${run} > /v\n`);
    assert.notEqual(firstBuild, secondBuild);
    // Dangling too, but imported: no parent, so no build left it.
    const importedId = execFileSync("sh", ["-c", `tar -cf - -T /dev/null | docker import --message ${run} -`], { encoding: "utf8" }).trim();
    leftovers.push(["rmi", tag], ["rmi", firstBuild], ["rmi", importedId]);

    // The image list learns of the untag from the engine's event stream a moment later.
    const plan = await eventually(async () => {
      const made = await planAs(admin, { rules: { buildCache: true } });
      assert.ok(
        made.items.some((item) => item.id === firstBuild),
        JSON.stringify(made.items),
      );
      return made;
    });
    const leftover = plan.items.find((item) => item.id === firstBuild)!;
    assert.match(leftover.reason, /left by a classic build/);
    assert.ok(!plan.items.some((item) => item.id === secondBuild), "the tagged build stays");
    assert.ok(!plan.items.some((item) => item.id === importedId), "an imported dangling image is no build's leftover");
    assert.ok(leftover.bytes > 0);

    const result = await admin.json<CleanupRunResult>(`/api/cleanup/plans/${(await planAs(admin, { images: [firstBuild] })).id}/run`, {
      method: "POST",
    });
    assert.deepEqual(
      result.removed.map((item) => item.id),
      [firstBuild],
    );
    assert.equal(result.removed[0]!.command, `docker rmi ${firstBuild.slice(7, 19)}`);
    assert.ok(result.freedBytes >= leftover.bytes);
  });
  test("buildCache: BuildKit's cache records are candidates, and a run removes exactly them from the engine", async () => {
    // On an engine of its own: the rule also takes classic builds' dangling leftovers, and the
    // shared test engine's demo set keeps one on purpose.
    const dir = mkdtempSync(path.join(os.tmpdir(), "cleanup-buildkit-"));
    const second = startPrivateEngine(dir);
    let engineId: string | null = null;
    try {
      engineId = (
        await admin.json<{ id: string }>(
          "/api/engines",
          { method: "POST", body: JSON.stringify({ name: `${run}-buildkit`, host: second.host }) },
          201,
        )
      ).id;
      const onEngine = `engine=${encodeURIComponent(engineId)}`;
      // A BuildKit build with the docker.io CLI (its builder is built in; no buildx needed) from
      // scratch: no base image to pull, and it leaves cache records of its context and its COPY.
      const context = path.join(dir, "context");
      mkdirSync(context);
      writeFileSync(path.join(context, "f.txt"), `${run}\n`);
      writeFileSync(path.join(context, "Dockerfile"), "FROM scratch\nCOPY f.txt /f.txt\n");
      execFileSync("/usr/bin/docker", ["build", "-q", "-t", `${run}/buildkit:1`, context], {
        env: { ...process.env, DOCKER_HOST: second.host, DOCKER_BUILDKIT: "1" },
        stdio: "pipe",
      });
      const engine = new Docker({ socketPath: second.host.replace(/^unix:\/\//, "") });
      const cacheRecords = async () => ((await engine.df()) as { BuildCache?: { ID: string; Shared: boolean }[] | null }).BuildCache ?? [];
      const before = await cacheRecords();
      const reclaimable = new Set(before.filter((record) => !record.Shared).map((record) => record.ID));
      const shared = new Set(before.filter((record) => record.Shared).map((record) => record.ID));
      assert.ok(reclaimable.size > 0, "the BuildKit build left cache records of its own");
      assert.ok(shared.size > 0, "the COPY's record is shared with the image it built");

      // The records come from the background `docker system df` of that engine.
      const plan = await eventually(async () => {
        const made = await admin.json<CleanupPlan>(
          `/api/cleanup/plans?${onEngine}`,
          { method: "POST", body: JSON.stringify({ rules: { buildCache: true } }) },
          201,
        );
        const planned = made.items.filter((item) => item.kind === "build-cache").map((item) => item.id);
        assert.deepEqual(new Set(planned), new Set(before.map((record) => record.ID)), JSON.stringify(made.items));
        return made;
      }, 20_000);
      for (const item of plan.items.filter((candidate) => candidate.kind === "build-cache")) {
        assert.equal(item.reason, "build cache record not in use");
        // The engine's prune keeps a shared record while the image holds it: blocked, freeing nothing.
        assert.deepEqual(
          [item.blocked, item.blocked ? item.bytes : -1],
          shared.has(item.id) ? [true, 0] : [false, -1],
          JSON.stringify(item),
        );
      }

      const result = await admin.json<CleanupRunResult>(`/api/cleanup/plans/${plan.id}/run?${onEngine}`, { method: "POST" });
      const removedRecords = result.removed.filter((item) => item.kind === "build-cache");
      assert.deepEqual(new Set(removedRecords.map((item) => item.id)), reclaimable);
      assert.ok(
        removedRecords.every((item) => item.command === `docker builder prune -f --filter id=${item.id}`),
        JSON.stringify(removedRecords),
      );
      const after = new Set((await cacheRecords()).map((record) => record.ID));
      assert.deepEqual(
        [...reclaimable].filter((id) => after.has(id)),
        [],
        "the removed records are gone from the engine",
      );
      assert.deepEqual(
        [...shared].filter((id) => !after.has(id)),
        [],
        "the shared record stays while its image does",
      );
    } finally {
      if (engineId) await admin.json(`/api/engines/${encodeURIComponent(engineId)}`, { method: "DELETE" }).catch(() => undefined);
      second.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
