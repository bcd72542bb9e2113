import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { cleanupAfterSuite } from "@/lib/testing/cleanup";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";
import { planImageRemoval } from "@/lib/images/removal";

prepareRouteTests();

type Detail = {
  summary: { id: string; shortId: string; repoTags: string[]; uniqueSize: number };
  history: { id: string | null; tags: string[] }[];
  containers: { id: string; shortId: string; name: string; state: string }[];
};

/** The engine's answers to `docker rmi` agree with what the remove dialog predicts from the image's detail. */
describe("removing an image: the dialog's prediction against the engine", () => {
  let admin: DashboardClient;
  const run = uniqueName("rmi");
  const cleanup = cleanupAfterSuite();
  const path = (ref: string) => `/api/images/${encodeURIComponent(ref)}`;
  const detailOf = async (ref: string): Promise<Detail> => {
    const response = await admin.fetch(path(ref));
    assert.equal(response.status, 200);
    return (await response.json()) as Detail;
  };

  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  test("a stopped container: refused plainly, forced the image goes but the container keeps its layers", async () => {
    const reference = `${run}/stopped:1`;
    buildImage(reference, `FROM local/busybox:1\nRUN echo ${run} > /stopped\n`);
    const name = `${run}-stopped`;
    docker("create", "--name", name, reference);
    cleanup.push(() => docker("rm", "-f", name));
    cleanup.push(() => docker("rmi", "-f", reference));

    const detail = await detailOf(reference);
    assert.deepEqual(
      detail.containers.map((container) => container.name),
      [name],
    );
    const plan = planImageRemoval({ image: detail.summary, reference, containers: detail.containers });
    assert.equal(plan.needsForce, "containers");
    assert.equal(plan.forced, "delete-keep-layers");
    assert.equal(plan.frees, 0);

    const refused = await admin.fetch(path(reference), { method: "DELETE" });
    assert.equal(refused.status, 409);
    const body = (await refused.json()) as { containers: { name: string }[]; canForce: boolean };
    assert.deepEqual(
      body.containers.map((container) => container.name),
      [name],
    );
    assert.equal(body.canForce, true);

    const forced = await admin.fetch(`${path(reference)}?force=true`, { method: "DELETE" });
    assert.equal(forced.status, 200);
    const removed = (await forced.json()) as { untagged: string[]; deleted: string[] };
    assert.deepEqual(removed.untagged, [reference]);
    assert.ok(removed.deleted.includes(detail.summary.id), "the image's entry is deleted");
    // The container is still there, on the layers the image no longer lists.
    assert.equal(docker("inspect", "--format", "{{.State.Status}}", name), "created");
  });

  test("a running container: forced by tag only untags; by ID even force is refused", async () => {
    const reference = `${run}/running:1`;
    buildImage(reference, `FROM local/busybox:1\nRUN echo ${run} > /running\n`);
    const name = `${run}-running`;
    docker("run", "-d", "--network", "none", "--name", name, reference, "sleep", "300");
    cleanup.push(() => docker("rm", "-f", name));

    const detail = await detailOf(reference);
    cleanup.push(() => docker("rmi", "-f", detail.summary.id));
    assert.equal(planImageRemoval({ image: detail.summary, reference, containers: detail.containers }).forced, "untag");
    const byId = planImageRemoval({ image: detail.summary, reference: detail.summary.shortId, containers: detail.containers });
    assert.equal(byId.forced, "refused");

    const refusedById = await admin.fetch(`${path(detail.summary.shortId)}?force=true`, { method: "DELETE" });
    assert.equal(refusedById.status, 409);
    assert.equal(((await refusedById.json()) as { canForce: boolean }).canForce, false);

    const untagged = await admin.fetch(`${path(reference)}?force=true`, { method: "DELETE" });
    assert.equal(untagged.status, 200);
    const removed = (await untagged.json()) as { untagged: string[]; deleted: string[] };
    assert.deepEqual(removed, { untagged: [reference], deleted: [] });
    const after = await detailOf(detail.summary.id);
    assert.deepEqual(after.summary.repoTags, [], "the image stays, untagged");
  });

  test("history steps show the tags an image has now, not the ones it had when first read", async () => {
    const reference = `${run}/history:1`;
    const tag = await admin.fetch(`${path("seed/web:1")}/tag`, {
      method: "POST",
      body: JSON.stringify({ repo: `${run}/history`, tag: "1" }),
      headers: { "content-type": "application/json" },
    });
    assert.equal(tag.status, 201);
    cleanup.push(() => docker("rmi", reference));

    const tagged = await detailOf(reference);
    assert.ok(tagged.history.at(-1)!.tags.includes(reference));
    assert.equal((await admin.fetch(path(reference), { method: "DELETE" })).status, 200);
    const untagged = await detailOf(tagged.summary.id);
    assert.ok(!untagged.history.some((step) => step.tags.includes(reference)), "the removed tag is gone from the history");
    assert.ok(untagged.history.at(-1)!.tags.includes("seed/web:1"));
  });
});
