import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { summarizeDiskUsage } from "@/lib/cleanup/disk-usage";
import { buildLayerLedger, freedBytes, imageLayerTotals } from "@/lib/cleanup/ledger";
import { findContainer, planCleanup, referencePattern, repositoryOf, type PlanInput } from "@/lib/cleanup/plan";
import type { PlannerContainer, PlannerImage } from "@/lib/cleanup/types";
import { isAppError } from "@/lib/errors";
import { chainIds } from "@/lib/layers/chain";

const NOW = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => Math.floor(NOW.getTime() / 1000) - days * 86_400;

function image(id: string, diffIds: string[], layerSizes: number[], extra: Partial<PlannerImage> = {}): PlannerImage {
  return {
    id,
    repoTags: [],
    created: daysAgo(1),
    size: layerSizes.reduce((a, b) => a + b, 0),
    labels: {},
    chainIds: chainIds(diffIds),
    layerSizes,
    ...extra,
  };
}

// base (100) ← www (10) ← v1 (3) / v2 (23); app stacks base alone plus its own 40; old is dangling.
const base = image("base", ["sha256:base"], [100], { repoTags: ["local/base:1"], created: daysAgo(90) });
const web1 = image("web1", ["sha256:base", "sha256:www", "sha256:v1"], [100, 10, 3], { repoTags: ["seed/web:1"], created: daysAgo(40) });
const web2 = image("web2", ["sha256:base", "sha256:www", "sha256:v2"], [100, 10, 23], {
  repoTags: ["seed/web:2", "seed/web:latest"],
  created: daysAgo(5),
});
const app = image("app", ["sha256:base", "sha256:app"], [100, 40], {
  repoTags: ["seed/app:1"],
  labels: { keep: "true" },
  created: daysAgo(60),
});
const old = image("old", ["sha256:base", "sha256:old"], [100, 7], { created: daysAgo(30) });
const images = [base, web1, web2, app, old];

function container(id: string, name: string, imageId: string, state: string, extra: Partial<PlannerContainer> = {}): PlannerContainer {
  return { id, name, imageId, state, created: daysAgo(20), sizeRw: 0, ...extra };
}

function plan(request: PlanInput["request"], options: Partial<PlanInput> = {}) {
  return planCleanup({ images, containers: [], otherLayers: new Map(), request, explicitImages: [], now: NOW, ...options });
}

describe("layer ledger", () => {
  test("totals count each layer once and split unique from shared", () => {
    const ledger = buildLayerLedger({ images, containers: [], otherLayers: new Map() });
    // base 100 is stacked by all five; www 10 by two; v1 3, v2 23, app 40, old 7 by one each.
    assert.deepEqual(imageLayerTotals(ledger), { totalBytes: 183, uniqueBytes: 73, sharedBytes: 110 });
  });

  test("layers shared with an image that stays are not freed; shared only within the removed set they are", () => {
    const ledger = buildLayerLedger({ images, containers: [], otherLayers: new Map() });
    const none = new Set<string>();
    assert.equal(freedBytes(ledger, { images: new Set(["web1"]), containers: none }), 3);
    assert.equal(freedBytes(ledger, { images: new Set(["web1", "web2"]), containers: none }), 3 + 23 + 10);
  });

  test("a container keeps its image's layers, also those of an image outside the list", () => {
    const step = { chainIds: chainIds(["sha256:base", "sha256:www"]), layerSizes: [100, 10] };
    const ledger = buildLayerLedger({
      images,
      containers: [container("c1", "debug", "step", "exited", { sizeRw: 5 })],
      otherLayers: new Map([["step", step]]),
    });
    const none = new Set<string>();
    assert.equal(freedBytes(ledger, { images: new Set(["web1", "web2"]), containers: none }), 26, "www stays with the container");
    assert.equal(freedBytes(ledger, { images: new Set(["web1", "web2"]), containers: new Set(["c1"]) }), 36 + 5);
  });
});

describe("planCleanup", () => {
  test("dangling: the untagged image, with the bytes only it holds", () => {
    const result = plan({ rules: { dangling: true } });
    assert.deepEqual(
      result.items.map((item) => [item.id, item.bytes, item.blocked]),
      [["old", 7, false]],
    );
    assert.equal(result.reclaimableBytes, 7);
  });

  test("a selection sharing layers only with each other counts the shared layers once, attributed to neither", () => {
    const result = plan(
      {},
      {
        explicitImages: [
          { id: "web1", name: "seed/web:1" },
          { id: "web2", name: "seed/web:2" },
        ],
      },
    );
    assert.equal(result.reclaimableBytes, 36);
    assert.deepEqual(
      result.items.map((item) => item.bytes),
      [3, 23],
    );
    assert.equal(result.sharedBetweenItemsBytes, 10);
    assert.equal(result.items[0]!.reason, "listed");
  });

  test("an image a container uses is blocked, names the container and frees nothing", () => {
    const containers = [container("c1", "web", "web1", "running")];
    const result = plan({ rules: { olderThanDays: 30 } }, { containers });
    const web = result.items.find((item) => item.id === "web1")!;
    assert.equal(web.blocked, true);
    assert.deepEqual(web.blockedBy, [{ kind: "container", id: "c1", name: "web" }]);
    assert.equal(web.bytes, 0);
    // base (90 d), web1 (40 d, blocked), app (60 d): base's layer is still stacked by web1, web2, old.
    assert.deepEqual(result.items.map((item) => item.id).sort(), ["app", "base", "web1"]);
    assert.equal(result.reclaimableBytes, 40);
  });

  test("unused leaves out images with containers, running or stopped", () => {
    const containers = [container("c1", "web", "web1", "exited")];
    const result = plan({ rules: { unused: true } }, { containers });
    assert.ok(!result.items.some((item) => item.id === "web1"));
    // Everything else goes; base and www stay for web1.
    assert.equal(result.reclaimableBytes, 23 + 40 + 7);
  });

  test("a stopped container in the plan no longer blocks its image; a running one listed is blocked", () => {
    const containers = [
      container("c1", "old-run", "web1", "exited", { sizeRw: 4, created: daysAgo(10) }),
      container("c2", "live", "app", "running", { created: daysAgo(10) }),
    ];
    const result = plan({ rules: { stoppedContainersOlderThanDays: 7, olderThanDays: 30 }, containers: ["live"] }, { containers });
    const byId = new Map(result.items.map((item) => [item.id, item]));
    assert.equal(byId.get("c1")!.blocked, false);
    assert.equal(byId.get("web1")!.blocked, false);
    assert.equal(byId.get("c2")!.blocked, true);
    assert.match(byId.get("c2")!.blockedReason!, /running/);
    assert.deepEqual(byId.get("app")!.blockedBy, [{ kind: "container", id: "c2", name: "live" }]);
    assert.equal(result.reclaimableBytes, 4 + 3);
  });

  test("keep patterns and labels protect rule candidates but not listed images", () => {
    const kept = plan({ rules: { olderThanDays: 30 }, keep: { patterns: ["local/*"], labels: ["keep=true"] } });
    assert.deepEqual(
      kept.items.map((item) => item.id),
      ["web1"],
    );
    const wrongValue = plan({ rules: { olderThanDays: 30 }, keep: { labels: ["keep=false"] } });
    assert.ok(wrongValue.items.some((item) => item.id === "app"));
    const listed = plan({ keep: { labels: ["keep"] } }, { explicitImages: [{ id: "app", name: "seed/app:1" }] });
    assert.deepEqual(
      listed.items.map((item) => item.id),
      ["app"],
    );
  });

  test("*:latest keeps a tag in any repository, slashes included", () => {
    assert.ok(referencePattern("*:latest").test("registry.example.com/prod/app:latest"));
    assert.ok(!referencePattern("*:latest").test("seed/web:2"));
    assert.ok(referencePattern("registry.example.com/prod/*").test("registry.example.com/prod/app:1"));
    assert.ok(!referencePattern("seed.web:?").test("seedxweb:1"), "a dot is literal");
    const result = plan({ rules: { largerThanBytes: 100 }, keep: { patterns: ["*:latest"] } });
    assert.ok(!result.items.some((item) => item.id === "web2"));
  });

  test("keepNewestPerRepo: only tags beyond the newest K of their repository", () => {
    assert.equal(repositoryOf("localhost:5000/team/app:1"), "localhost:5000/team/app");
    const result = plan({ rules: { keepNewestPerRepo: 1 } });
    assert.deepEqual(
      result.items.map((item) => item.id),
      ["web1"],
    );
    assert.match(result.items[0]!.reason, /newest 1/);
  });

  test("rules narrow each other", () => {
    const result = plan({ rules: { olderThanDays: 30, largerThanBytes: 110 } });
    assert.deepEqual(
      result.items.map((item) => item.id),
      ["web1", "app"],
    );
    assert.match(result.items[0]!.reason, /created 40 days ago.*113 B/);
  });

  test("no rules and nothing listed: an empty plan", () => {
    assert.deepEqual(plan({}), { items: [], reclaimableBytes: 0, sharedBetweenItemsBytes: 0, notes: [] });
  });

  test("listed containers by name, ID or unique prefix; unknown ones are a 404", () => {
    const containers = [container("abc123", "one", "web1", "exited"), container("abd456", "two", "web2", "exited")];
    assert.equal(findContainer(containers, "one").id, "abc123");
    assert.equal(findContainer(containers, "/two").id, "abd456");
    assert.equal(findContainer(containers, "abc").id, "abc123");
    assert.throws(
      () => findContainer(containers, "ab"),
      (error) => isAppError(error) && error.code === "not_found:container",
    );
    assert.throws(() => findContainer(containers, "three"), /no container "three"/);
  });

  test("a listed image that is not in the list is a 404", () => {
    assert.throws(
      () => plan({}, { explicitImages: [{ id: "intermediate", name: "abc" }] }),
      (error) => isAppError(error) && error.code === "not_found:image",
    );
  });
});

describe("summarizeDiskUsage", () => {
  test("images, containers and volumes from the lists; build cache sizes wait for system df", () => {
    const containers = [container("c1", "web", "web1", "running", { sizeRw: 11 }), container("c2", "idle", "old", "exited", { sizeRw: 2 })];
    const ledger = buildLayerLedger({ images, containers, otherLayers: new Map() });
    const usage = summarizeDiskUsage({
      images,
      containers,
      ledger,
      volumes: { names: ["a", "b"], danglingNames: ["b"], sizes: null },
      intermediateImageCount: 4,
      systemDf: { state: "computing", startedAt: NOW.toISOString(), finishedAt: null, durationMs: null, error: null, result: null },
    });
    assert.deepEqual(usage.images, {
      count: 5,
      totalBytes: 183,
      uniqueBytes: 73,
      sharedBytes: 110,
      danglingCount: 1,
      // old is dangling but c2 uses it.
      danglingBytes: 0,
      unusedCount: 3,
      // base, web2, app go; base's layer and www stay for web1 and old.
      unusedBytes: 23 + 40,
    });
    assert.deepEqual(usage.containers, { count: 2, runningCount: 1, stoppedCount: 1, writableBytes: 13, stoppedWritableBytes: 2 });
    assert.deepEqual(usage.volumes, { count: 2, danglingCount: 1, totalBytes: null, danglingBytes: null });
    assert.deepEqual(usage.buildCache, { intermediateImageCount: 4, totalBytes: null, reclaimableBytes: null });
  });
});
