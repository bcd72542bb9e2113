import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { listAuditEntries } from "@/lib/audit/queries";
import { removeImage, tagImage } from "@/lib/images/actions";
import { buildImage, docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { rejectsWithAppError } from "@/lib/testing/app-error-assertions";

requireSandboxEngine();

const run = uniqueName("it");
const cleanup: (() => void)[] = [];
after(() => {
  for (const step of cleanup.reverse()) {
    try {
      step();
    } catch {
      // already gone
    }
  }
});

async function latestAudit(target: string) {
  const { entries } = await listAuditEntries({ target, limit: 5 });
  assert.ok(entries.length > 0, `an audit entry exists for ${target}`);
  return entries[0]!;
}

describe("tag", () => {
  test("tags an image on the engine and audits it with the CLI line", async () => {
    const result = await tagImage({ ref: "seed/web:1", repo: `it/${run}`, tag: "v1", actor: "local" });
    cleanup.push(() => docker("rmi", `it/${run}:v1`));
    assert.deepEqual(result, { source: "seed/web:1", target: `it/${run}:v1` });
    assert.equal(
      docker("image", "inspect", "--format", "{{.Id}}", `it/${run}:v1`),
      docker("image", "inspect", "--format", "{{.Id}}", "seed/web:1"),
    );
    const entry = await latestAudit("seed/web:1");
    assert.equal(entry.action, "image.tag");
    assert.equal(entry.outcome, "succeeded");
    assert.equal(entry.command, `docker tag seed/web:1 it/${run}:v1`);
    assert.equal(entry.actor, "local");
    assert.equal(entry.engine, process.env.DOCKER_HOST);
    assert.ok(entry.durationMs !== null && entry.durationMs >= 0);
    assert.ok(entry.finishedAt);
  });

  test("invalid repository or tag is a 400 saying what is wrong, and nothing runs", async () => {
    await rejectsWithAppError(tagImage({ ref: "seed/web:1", repo: "It/Upper", tag: "x", actor: "local" }), 400, /lowercase/);
    await rejectsWithAppError(tagImage({ ref: "seed/web:1", repo: "it/ok", tag: "-bad", actor: "local" }), 400, /tag/);
    await rejectsWithAppError(tagImage({ ref: "seed/web:1", repo: "it/ok", tag: "x".repeat(129), actor: "local" }), 400, /tag/);
    await rejectsWithAppError(tagImage({ ref: "Not A Ref", repo: "it/ok", tag: "x", actor: "local" }), 400, /reference/);
    const { entries } = await listAuditEntries({ target: "Not A Ref" });
    assert.equal(entries.length, 0, "rejected input is not an action");
  });

  test("tagging an unknown image is a 404 and the audit row says failed", async () => {
    const missing = `it/missing-${run}:1`;
    await rejectsWithAppError(tagImage({ ref: missing, repo: "it/x", tag: "1", actor: "local" }), 404, /it\/missing-/);
    const entry = await latestAudit(missing);
    assert.equal(entry.outcome, "failed");
    assert.match(entry.error ?? "", /No such image/);
  });
});

describe("rmi", () => {
  test("untags a second tag and keeps the image", async () => {
    await tagImage({ ref: "seed/web:1", repo: `it/${run}-rm`, tag: "1", actor: "local" });
    const removed = await removeImage({ ref: `it/${run}-rm:1`, actor: "local" });
    assert.deepEqual(removed, { untagged: [`it/${run}-rm:1`], deleted: [] });
    const entry = await latestAudit(`it/${run}-rm:1`);
    assert.equal(entry.command, `docker rmi it/${run}-rm:1`);
    assert.deepEqual(entry.result, removed);
  });

  test("a stopped container blocks rmi with a 409 that names it; force overrides", async () => {
    const tag = `it/${run}-used:1`;
    const id = buildImage(tag, `FROM local/busybox:1\nLABEL it.run="${run}-used"\n`);
    const container = uniqueName("it-stopped");
    docker("create", "--name", container, "--network", "none", tag, "true");
    cleanup.push(() => docker("rm", "-f", container));
    cleanup.push(() => docker("rmi", "-f", id));

    const conflict = await rejectsWithAppError(removeImage({ ref: tag, actor: "local" }), 409, new RegExp(container));
    assert.equal(conflict.details?.canForce, true);
    assert.deepEqual(
      (conflict.details?.containers as { name: string }[]).map((c) => c.name),
      [container],
    );
    assert.equal((await latestAudit(tag)).outcome, "failed");

    const forced = await removeImage({ ref: tag, force: true, actor: "local" });
    assert.deepEqual(forced.untagged, [tag]);
    assert.equal((await latestAudit(tag)).command, `docker rmi -f ${tag}`);
  });

  test("a running container's image cannot be removed by ID even with force", async () => {
    const tag = `it/${run}-running:1`;
    const id = buildImage(tag, `FROM local/busybox:1\nLABEL it.run="${run}-running"\n`);
    const container = uniqueName("it-running");
    docker("run", "-d", "--name", container, "--network", "none", tag, "sleep", "300");
    cleanup.push(() => docker("rmi", "-f", id));
    cleanup.push(() => docker("rm", "-f", container));

    const conflict = await rejectsWithAppError(removeImage({ ref: id, force: true, actor: "local" }), 409, /running/);
    assert.equal(conflict.details?.canForce, false);
    assert.match(conflict.message, new RegExp(container));
  });

  test("--no-prune keeps the untagged parents", async () => {
    const tag = `it/${run}-prune:1`;
    buildImage(tag, `FROM local/busybox:1\nRUN echo ${run} > /prune\nLABEL it.run="${run}-prune"\n`);
    const removed = await removeImage({ ref: tag, noPrune: true, actor: "local" });
    assert.equal(removed.deleted.length, 1, "only the image itself, not its RUN parent");
    assert.equal((await latestAudit(tag)).command, `docker rmi --no-prune ${tag}`);
  });

  test("removing an unknown image is a 404 naming it", async () => {
    await rejectsWithAppError(removeImage({ ref: `it/gone-${run}:1`, actor: "local" }), 404, /it\/gone-/);
  });
});

describe("audit log", () => {
  test("lists newest first, filters by action and outcome, and pages with a cursor", async () => {
    const all = await listAuditEntries({ limit: 500 });
    const times = all.entries.map((entry) => entry.time);
    assert.deepEqual(times, [...times].sort().reverse());

    const failed = await listAuditEntries({ outcome: "failed", limit: 500 });
    assert.ok(failed.entries.length >= 2);
    assert.ok(failed.entries.every((entry) => entry.outcome === "failed"));

    const tags = await listAuditEntries({ action: "image.tag", limit: 500 });
    assert.ok(tags.entries.every((entry) => entry.action === "image.tag"));

    const first = await listAuditEntries({ limit: 2 });
    assert.ok(first.nextCursor);
    const second = await listAuditEntries({ limit: 2, cursor: first.nextCursor });
    assert.equal(second.entries.length, 2);
    assert.deepEqual(
      second.entries.map((entry) => entry.id),
      all.entries.slice(2, 4).map((entry) => entry.id),
    );

    const future = await listAuditEntries({ from: new Date(Date.now() + 60_000) });
    assert.equal(future.entries.length, 0);
  });
});
