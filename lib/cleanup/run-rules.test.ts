import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  assertRunnable,
  containerSkipReason,
  freedLayerBytes,
  imageSkipReason,
  pruneCommandFor,
  removalCommand,
  volumeSkipReason,
} from "@/lib/cleanup/run-rules";
import type { CleanupItem, CleanupPlan } from "@/lib/cleanup/types";
import { isAppError } from "@/lib/errors";

const item = (overrides: Partial<CleanupItem> = {}): CleanupItem => ({
  kind: "image",
  id: "sha256:aaaaaaaaaaaaaaaaaaaa",
  name: "app:1",
  reason: "listed",
  bytes: 10,
  blocked: false,
  ...overrides,
});
const now = new Date("2026-11-29T12:00:00Z");
const plan = (overrides: Partial<CleanupPlan> = {}): CleanupPlan => ({
  id: "p1",
  items: [item(), item({ id: "sha256:b", name: "b:1" }), item({ id: "sha256:c", blocked: true })],
  reclaimableBytes: 100,
  sharedBetweenItemsBytes: 0,
  createdAt: new Date(now.getTime() - 60_000).toISOString(),
  createdBy: "ana",
  notes: [],
  run: null,
  ...overrides,
});
const refusal = (run: () => void): { code: string; message: string; details?: Record<string, unknown> } => {
  try {
    run();
  } catch (error) {
    assert.ok(isAppError(error));
    return { code: error.code, message: error.message, details: error.details };
  }
  assert.fail("expected a refusal");
};

describe("assertRunnable", () => {
  test("a fresh small plan runs without a confirmation", () => {
    assert.doesNotThrow(() => assertRunnable({ plan: plan(), now, confirm: undefined }));
  });
  test("a plan run already, or older than 10 minutes, is a conflict that says to make a new plan", () => {
    const ran = refusal(() =>
      assertRunnable({
        plan: plan({ run: { startedAt: now.toISOString(), startedBy: "ana", finishedAt: null, auditId: null, result: null } }),
        now,
        confirm: undefined,
      }),
    );
    assert.equal(ran.code, "conflict:cleanup_plan");
    const old = refusal(() =>
      assertRunnable({ plan: plan({ createdAt: new Date(now.getTime() - 10 * 60_000 - 1).toISOString() }), now, confirm: undefined }),
    );
    assert.equal(old.code, "conflict:cleanup_plan");
    assert.match(old.message, /10 minutes old \(at most 10\).*make a new plan/);
    assert.doesNotThrow(() =>
      assertRunnable({ plan: plan({ createdAt: new Date(now.getTime() - 10 * 60_000).toISOString() }), now, confirm: undefined }),
    );
  });
  test("more than 1 GB needs confirm = the number of items that will be removed (blocked ones do not count)", () => {
    const big = plan({ reclaimableBytes: 1_000_000_001 });
    const missing = refusal(() => assertRunnable({ plan: big, now, confirm: undefined }));
    assert.equal(missing.code, "bad_request:body");
    assert.match(missing.message, /frees 1 GB \(more than 1 GB\).*\{"confirm": 2\}/);
    assert.equal(missing.details?.expectedConfirm, 2);
    assert.match(refusal(() => assertRunnable({ plan: big, now, confirm: 3 })).message, /got 3, the plan removes 2 items/);
    assert.doesNotThrow(() => assertRunnable({ plan: big, now, confirm: 2 }));
    assert.doesNotThrow(() => assertRunnable({ plan: big, now, confirm: undefined, confirmed: true }));
    assert.doesNotThrow(() => assertRunnable({ plan: plan({ reclaimableBytes: 1_000_000_000 }), now, confirm: undefined }));
  });
  test("removing a volume needs a confirmation whatever the bytes", () => {
    const withVolume = plan({ items: [item({ kind: "volume", id: "data", name: "data" })], reclaimableBytes: 0 });
    assert.match(refusal(() => assertRunnable({ plan: withVolume, now, confirm: undefined })).message, /removes a volume and their data/);
    assert.doesNotThrow(() => assertRunnable({ plan: withVolume, now, confirm: 1 }));
  });
});

describe("re-checks before each removal", () => {
  test("images: gone, used by a container now, re-tagged, untagged", () => {
    assert.equal(imageSkipReason({ plannedTags: ["a:1"], current: null }), "no longer on the engine");
    assert.equal(
      imageSkipReason({ plannedTags: ["a:1"], current: { repoTags: ["a:1"], users: [{ name: "web" }] } }),
      "a container now uses it: web",
    );
    assert.equal(
      imageSkipReason({ plannedTags: ["a:1"], current: { repoTags: ["a:1", "a:prod"], users: [] } }),
      "re-tagged since the plan: now also a:prod",
    );
    assert.equal(
      imageSkipReason({ plannedTags: ["a:1", "a:2"], current: { repoTags: ["a:2"], users: [] } }),
      "untagged since the plan: no longer a:1",
    );
    assert.equal(imageSkipReason({ plannedTags: ["a:2", "a:1"], current: { repoTags: ["a:1", "a:2"], users: [] } }), null);
    // A plan stored before tags were recorded: only the container check applies.
    assert.equal(imageSkipReason({ plannedTags: undefined, current: { repoTags: ["x:1"], users: [] } }), null);
  });
  test("containers must still be stopped; volumes still unused", () => {
    assert.equal(containerSkipReason({ state: "exited" }), null);
    assert.equal(containerSkipReason({ state: "running" }), "now running: stop it first");
    assert.equal(containerSkipReason(null), "no longer on the engine");
    assert.equal(volumeSkipReason({ users: [] }), null);
    assert.equal(volumeSkipReason({ users: [{ name: "db" }] }), "now used by db");
  });
});

describe("docker lines", () => {
  test("one removal per item", () => {
    assert.equal(removalCommand(item(), ["app:1", "app:latest"]), "docker rmi app:1 app:latest");
    assert.equal(removalCommand(item({ id: "sha256:0123456789abcdef0123" }), []), "docker rmi 0123456789ab");
    assert.equal(removalCommand(item({ kind: "container", id: "c".repeat(64), name: "old-web" })), "docker container rm old-web");
    assert.equal(removalCommand(item({ kind: "volume", id: "data", name: "data" })), "docker volume rm data");
  });
  test("the equivalent prune command, where the rules have one", () => {
    assert.equal(pruneCommandFor({ rules: { dangling: true } }), "docker image prune -f");
    assert.equal(pruneCommandFor({ rules: { unused: true, olderThanDays: 30 } }), "docker image prune -a -f --filter until=720h");
    assert.equal(
      pruneCommandFor({ rules: { unused: true }, keep: { labels: ["keep=true"] } }),
      "docker image prune -a -f --filter 'label!=keep=true'",
    );
    assert.equal(pruneCommandFor({ rules: { stoppedContainersOlderThanDays: 7 } }), "docker container prune -f --filter until=168h");
    assert.equal(
      pruneCommandFor({ rules: { dangling: true, stoppedContainersOlderThanDays: 1 } }),
      "docker image prune -f && docker container prune -f --filter until=24h",
    );
    assert.equal(
      pruneCommandFor({ rules: { danglingVolumes: true }, keep: { labels: ["keep"] } }),
      "docker volume prune -a -f --filter 'label!=keep'",
    );
    // No prune filter says these.
    assert.equal(pruneCommandFor({ rules: { unusedForDays: 30 } }), null);
    assert.equal(pruneCommandFor({ rules: { buildCache: true } }), null);
    assert.equal(pruneCommandFor({ rules: { unused: true }, keep: { patterns: ["*:latest"] } }), null);
    assert.equal(pruneCommandFor({ rules: { keepNewestPerRepo: 2 } }), null);
    assert.equal(pruneCommandFor({ rules: { olderThanDays: 3 } }), null);
    assert.equal(pruneCommandFor({ images: ["app:1"] }), null);
    assert.equal(pruneCommandFor({}), null);
  });
});

test("freed layer bytes: layers present before and gone after, each once", () => {
  const before = new Map([
    ["sha256:base", 1000],
    ["sha256:shared", 300],
    ["sha256:own", 100],
  ]);
  assert.equal(freedLayerBytes(before, new Set(["sha256:base"])), 400);
  assert.equal(freedLayerBytes(before, new Set(before.keys())), 0);
  // A layer that appeared meanwhile is not the run's doing and counts nothing.
  assert.equal(freedLayerBytes(before, new Set(["sha256:base", "sha256:shared", "sha256:own", "sha256:new"])), 0);
});
