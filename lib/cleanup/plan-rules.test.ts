import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { planCleanup, type PlanInput } from "@/lib/cleanup/plan";
import type { PlannerContainer, PlannerImage, PlannerVolume } from "@/lib/cleanup/types";
import { isAppError } from "@/lib/errors";
import { chainIds } from "@/lib/layers/chain";

// The rules that need more than the image list: last use, volumes, build leftovers and cache.

const NOW = new Date("2026-06-01T00:00:00Z");
const daysAgo = (days: number) => Math.floor(NOW.getTime() / 1000) - days * 86_400;

function image(id: string, diffIds: string[], layerSizes: number[], extra: Partial<PlannerImage> = {}): PlannerImage {
  return { id, repoTags: [], created: daysAgo(60), size: 0, labels: {}, chainIds: chainIds(diffIds), layerSizes, ...extra };
}
const base = image("base", ["sha256:base"], [100], { repoTags: ["local/base:1"] });
const idle = image("idle", ["sha256:base", "sha256:idle"], [100, 5], { repoTags: ["app/idle:1"] });
const recent = image("recent", ["sha256:base", "sha256:recent"], [100, 6], { repoTags: ["app/recent:1"] });
const fresh = image("fresh", ["sha256:base", "sha256:fresh"], [100, 7], { repoTags: ["app/fresh:1"], created: daysAgo(2) });
const leftover = image("leftover", ["sha256:base", "sha256:left"], [100, 8]);
const imported = image("imported", ["sha256:imp"], [9]);
const images = [base, idle, recent, fresh, leftover, imported];

const container = (id: string, name: string, imageId: string, state = "exited"): PlannerContainer => ({
  id,
  name,
  imageId,
  state,
  created: daysAgo(50),
  sizeRw: 0,
});

function plan(request: PlanInput["request"], options: Partial<PlanInput> = {}) {
  return planCleanup({ images, containers: [], otherLayers: new Map(), request, explicitImages: [], now: NOW, ...options });
}

describe("unusedForDays", () => {
  test("last use from containers and the audit log; never used counts from creation", () => {
    const lastUsed = new Map([
      ["recent", daysAgo(3)],
      ["idle", daysAgo(45)],
    ]);
    const result = plan({ rules: { unusedForDays: 30 } }, { lastUsed });
    assert.deepEqual(
      result.items.map((item) => [item.id, item.reason]),
      [
        ["base", "never used by a container since created 60 days ago (more than 30)"],
        ["idle", "last used by a container 45 days ago (more than 30)"],
        ["leftover", "never used by a container since created 60 days ago (more than 30)"],
        ["imported", "never used by a container since created 60 days ago (more than 30)"],
      ],
    );
  });
  test("an image whose stopped container last ran long ago is a candidate, blocked by that container", () => {
    const result = plan(
      { rules: { unusedForDays: 30 }, keep: { patterns: ["local/*"] } },
      { containers: [container("c1", "old-job", "idle")], lastUsed: new Map([["idle", daysAgo(40)]]) },
    );
    const item = result.items.find((entry) => entry.id === "idle")!;
    assert.equal(item.blocked, true);
    assert.deepEqual(item.blockedBy, [{ kind: "container", id: "c1", name: "old-job" }]);
  });
});

describe("buildCache", () => {
  test("classic-build leftovers are added to the other rules' candidates; other dangling images are not leftovers", () => {
    const result = plan({ rules: { buildCache: true } }, { buildLeftovers: new Set(["leftover"]), buildCache: [] });
    assert.deepEqual(
      result.items.map((item) => item.id),
      ["leftover"],
    );
    assert.match(result.items[0]!.reason, /left by a classic build/);
    assert.equal(result.reclaimableBytes, 8);
    // Added, not narrowing: with `dangling` the imported image comes too.
    const both = plan({ rules: { buildCache: true, dangling: true } }, { buildLeftovers: new Set(["leftover"]), buildCache: [] });
    assert.deepEqual(both.items.map((item) => item.id).sort(), ["imported", "leftover"]);
    assert.deepEqual(both.notes, []);
  });
  test("an untagged image a stored build links to (its last good step) is no rule's candidate, only listed by name", () => {
    const linkedByBuilds = new Set(["leftover"]);
    const kept = plan({ rules: { buildCache: true } }, { buildLeftovers: new Set(["leftover"]), linkedByBuilds, buildCache: [] });
    assert.deepEqual(kept.items, []);
    // Nor by another rule: it is dangling too, and 60 days old.
    const dangling = plan({ rules: { dangling: true, olderThanDays: 30 } }, { linkedByBuilds });
    assert.ok(!dangling.items.some((item) => item.id === "leftover"), JSON.stringify(dangling.items));
    const listed = plan(
      { rules: { buildCache: true } },
      { buildLeftovers: new Set(["leftover"]), linkedByBuilds, buildCache: [], explicitImages: [{ id: "leftover", name: "leftover" }] },
    );
    assert.deepEqual(
      listed.items.map((item) => [item.id, item.reason]),
      [["leftover", "listed"]],
    );
  });
  test("engine build cache records: in use and shared ones are blocked (the engine's prune keeps them), counting 0 bytes; not known yet is a note", () => {
    const result = plan(
      { rules: { buildCache: true } },
      {
        buildCache: [
          { id: "r1", type: "regular", description: "mount / from exec", size: 1000, inUse: false, shared: false },
          { id: "r2", type: "source.local", description: "", size: 50, inUse: true, shared: false },
          { id: "r3", type: "regular", description: "", size: 70, inUse: false, shared: true },
        ],
      },
    );
    assert.deepEqual(
      result.items.map((item) => [item.kind, item.id, item.bytes, item.blocked]),
      [
        ["build-cache", "r1", 1000, false],
        ["build-cache", "r2", 0, true],
        ["build-cache", "r3", 0, true],
      ],
    );
    assert.match(result.items[2]!.blockedReason ?? "", /shared with an image/);
    assert.equal(result.items[0]!.name, "regular: mount / from exec");
    assert.equal(result.reclaimableBytes, 1000);
    assert.equal(result.sharedBetweenItemsBytes, 0);
    const unknown = plan({ rules: { buildCache: true } }, { buildCache: null });
    assert.match(unknown.notes[0] ?? "", /system df.*has not finished/);
  });
});

describe("volumes", () => {
  const volumes: PlannerVolume[] = [
    { name: "scratch", labels: {}, users: [], size: 4096 },
    { name: "kept", labels: { keep: "true" }, users: [], size: null },
    { name: "db-data", labels: {}, users: [{ id: "c1", name: "db" }], size: 10 },
  ];
  test("danglingVolumes: volumes no container mounts, minus keep labels; marked as data loss; bytes stay layer bytes", () => {
    const result = plan({ rules: { danglingVolumes: true }, keep: { labels: ["keep=true"] } }, { volumes });
    assert.deepEqual(
      result.items.map((item) => [item.kind, item.id, item.dataBytes]),
      [["volume", "scratch", 4096]],
    );
    assert.match(result.items[0]!.reason, /data loss/);
    assert.equal(result.reclaimableBytes, 0);
  });
  test("a listed volume in use is blocked by its containers, unless they are in the plan; an unknown one is a 404", () => {
    const containers = [container("c1", "db", "base")];
    const blocked = plan({ volumes: ["db-data"] }, { volumes, containers });
    assert.deepEqual(blocked.items[0]!.blockedBy, [{ kind: "container", id: "c1", name: "db" }]);
    assert.equal(blocked.items[0]!.blockedReason, "mounted by container db");
    const together = plan({ volumes: ["db-data"], containers: ["db"] }, { volumes, containers });
    assert.deepEqual(
      together.items.map((item) => [item.kind, item.blocked]),
      [
        ["container", false],
        ["volume", false],
      ],
    );
    assert.throws(
      () => plan({ volumes: ["nope"] }, { volumes }),
      (error) => isAppError(error) && error.code === "not_found:volume",
    );
  });
});

describe("a policy's limits", () => {
  test("maxItems blocks the items past it, in plan order, naming the limit", () => {
    const result = plan(
      {},
      {
        explicitImages: [
          { id: "idle", name: "app/idle:1" },
          { id: "recent", name: "app/recent:1" },
        ],
        limits: { maxItems: 1 },
      },
    );
    assert.deepEqual(
      result.items.map((item) => [item.id, item.blocked, item.blockedReason]),
      [
        ["idle", false, undefined],
        ["recent", true, "beyond the policy's limit of 1 item per run"],
      ],
    );
    assert.equal(result.reclaimableBytes, 5);
  });
  test("maxBytes counts what the selection truly frees; a later smaller item may still fit", () => {
    // idle frees 5, fresh 7 (base stays with the others): 5 + 7 > 10, so fresh is left; leftover (8) does not fit either.
    const explicitImages = [
      { id: "idle", name: "app/idle:1" },
      { id: "fresh", name: "app/fresh:1" },
      { id: "recent", name: "app/recent:1" },
    ];
    const result = plan({}, { explicitImages, limits: { maxBytes: 11 } });
    assert.deepEqual(
      result.items.map((item) => [item.id, item.blocked]),
      [
        ["idle", false],
        ["fresh", true],
        ["recent", false],
      ],
    );
    assert.equal(result.reclaimableBytes, 11);
    assert.match(result.items[1]!.blockedReason ?? "", /past the policy's limit of 11 B/);
  });
});
