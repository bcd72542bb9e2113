import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { docker, uniqueName } from "@/lib/testing/docker-cli";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";
import { prepareRouteTests, signInRoute } from "@/lib/testing/route-client";

prepareRouteTests();

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

describe("JSON API against the private engine", () => {
  let admin: DashboardClient;
  const run = uniqueName("api");
  before(async () => {
    admin = await signInRoute(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  test("GET /api/engine reports the engine", async () => {
    const response = await admin.fetch("/api/engine");
    assert.equal(response.status, 200);
    const body = await json(response);
    assert.equal(body.reachable, true);
    assert.equal(body.storageDriver, "overlay2");
  });

  test("GET /api/images lists, filters, searches and sorts", async () => {
    const all = await json(await admin.fetch("/api/images"));
    const images = all.images as { repoTags: string[]; size: number; dangling: boolean }[];
    assert.ok(images.some((image) => image.repoTags.includes("seed/fat:1")));
    assert.ok((all.totals as { count: number }).count >= 6);

    const searched = await json(await admin.fetch("/api/images?q=seed/web"));
    const tags = (searched.images as { repoTags: string[] }[]).flatMap((image) => image.repoTags).sort();
    assert.deepEqual(tags, ["seed/web:1", "seed/web:2", "seed/web:latest"]);

    const bySize = await json(await admin.fetch("/api/images?sort=size&order=desc"));
    const sizes = (bySize.images as { size: number }[]).map((image) => image.size);
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => b - a),
    );

    const dangling = await json(await admin.fetch("/api/images?filter=dangling"));
    assert.ok((dangling.images as { dangling: boolean }[]).every((image) => image.dangling));

    const bad = await admin.fetch("/api/images?filter=sideways");
    assert.equal(bad.status, 400);
    assert.match(String((await json(bad)).error), /filter/);
  });

  test("GET /api/images/{ref} takes an ID, a short ID or an encoded reference", async () => {
    const byRef = await admin.fetch(`/api/images/${encodeURIComponent("seed/fat:1")}`);
    assert.equal(byRef.status, 200);
    const detail = await json(byRef);
    const summary = detail.summary as { id: string; shortId: string };
    const history = detail.history as { layerIndex: number | null; diffId: string | null; size: number }[];
    assert.deepEqual(
      history.map((step) => step.layerIndex),
      [0, 1, 2, 3, null],
    );
    assert.ok(history.every((step) => (step.layerIndex === null) === (step.diffId === null)));
    const layers = detail.layers as { sharedWith: { repoTags: string[] }[] }[];
    assert.ok(layers[0]!.sharedWith.some((image) => image.repoTags.includes("local/busybox:1")));

    for (const ref of [summary.id, summary.shortId]) {
      const response = await admin.fetch(`/api/images/${encodeURIComponent(ref)}`);
      assert.equal(response.status, 200, ref);
      assert.equal(((await json(response)).summary as { id: string }).id, summary.id);
    }
  });

  test("unknown image is 404 and a malformed reference is 400, both JSON", async () => {
    const missing = await admin.fetch(`/api/images/${encodeURIComponent("seed/none:1")}`);
    assert.equal(missing.status, 404);
    assert.match(String((await json(missing)).error), /seed\/none:1/);
    const malformed = await admin.fetch(`/api/images/${encodeURIComponent("Seed/UPPER:1")}`);
    assert.equal(malformed.status, 400);
    assert.match(String((await json(malformed)).error), /lowercase/);
  });

  test("POST tag → 201; bad body → 400; DELETE → 200 with what was untagged", async () => {
    const tagged = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/tag`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repo: `api/${run}`, tag: "1" }),
    });
    assert.equal(tagged.status, 201);
    assert.deepEqual(await json(tagged), { source: "seed/web:1", target: `api/${run}:1` });

    for (const body of ["not json", JSON.stringify({ tag: "1" }), JSON.stringify({ repo: "api/x", tag: "bad tag" })]) {
      const response = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/tag`, { method: "POST", body });
      assert.equal(response.status, 400, body);
      assert.equal(typeof (await json(response)).error, "string");
    }

    const removed = await admin.fetch(`/api/images/${encodeURIComponent(`api/${run}:1`)}`, { method: "DELETE" });
    assert.equal(removed.status, 200);
    assert.deepEqual(await json(removed), { untagged: [`api/${run}:1`], deleted: [] });

    const badFlag = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}?force=maybe`, { method: "DELETE" });
    assert.equal(badFlag.status, 400);
  });

  test("DELETE of an image a container uses is a 409 naming the container", async () => {
    const container = uniqueName("api-conflict");
    docker("create", "--name", container, "--network", "none", "seed/entry:1");
    try {
      const response = await admin.fetch(`/api/images/${encodeURIComponent("seed/entry:1")}`, { method: "DELETE" });
      assert.equal(response.status, 409);
      const body = await json(response);
      assert.match(String(body.error), new RegExp(container));
      assert.equal(body.canForce, true);
      assert.deepEqual(
        (body.containers as { name: string }[]).map((c) => c.name),
        [container],
      );
    } finally {
      docker("rm", "-f", container);
    }
  });

  test("a cross-site mutation is refused and changes nothing", async () => {
    const response = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/tag`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      origin: "http://evil.example",
      body: JSON.stringify({ repo: `api/${run}-csrf`, tag: "1" }),
    });
    assert.equal(response.status, 403);
    assert.throws(() => docker("image", "inspect", `api/${run}-csrf:1`));
  });

  test("GET /api/audit returns entries with their CLI line, filtered and paged", async () => {
    const response = await admin.fetch("/api/audit?action=image.tag");
    assert.equal(response.status, 200);
    const entries = (await json(response)).entries as { action: string; command: string; outcome: string }[];
    assert.ok(entries.length >= 1);
    assert.ok(entries.every((entry) => entry.action === "image.tag"));
    assert.equal(entries[0]!.command, `docker tag seed/web:1 api/${run}:1`);
    assert.equal(entries[0]!.outcome, "succeeded");

    const firstPage = await json(await admin.fetch("/api/audit?limit=1"));
    assert.equal((firstPage.entries as unknown[]).length, 1);
    assert.equal(typeof firstPage.nextCursor, "string");
    const secondPage = await json(await admin.fetch(`/api/audit?limit=1&cursor=${firstPage.nextCursor}`));
    assert.notDeepEqual(secondPage.entries, firstPage.entries);
    const bad = await admin.fetch("/api/audit?outcome=maybe");
    assert.equal(bad.status, 400);
  });
});
