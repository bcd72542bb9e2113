import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { describeImageUse, describeRefusal, imageUserName, planImageRemoval, type ImageUser } from "@/lib/images/removal";

const image = { id: "sha256:" + "a".repeat(64), shortId: "a".repeat(12), repoTags: ["team/web:1"], uniqueSize: 4_000_000 };
const stopped: ImageUser = { id: "c".repeat(64), shortId: "c".repeat(12), name: "web-old", state: "exited" };
const running: ImageUser = { id: "d".repeat(64), shortId: "d".repeat(12), name: "web-live", state: "running" };

describe("planImageRemoval", () => {
  test("an image nothing uses is deleted and frees its unshared layers", () => {
    const plan = planImageRemoval({ image, reference: "team/web:1", containers: [] });
    assert.equal(plan.needsForce, null);
    assert.equal(plan.onlyUntags, false);
    assert.equal(plan.frees, 4_000_000);
  });

  test("one of several tags only untags and frees nothing, even while in use", () => {
    const tagged = { ...image, repoTags: ["team/web:1", "team/web:latest"] };
    for (const containers of [[], [running]]) {
      const plan = planImageRemoval({ image: tagged, reference: "team/web:latest", containers });
      assert.equal(plan.onlyUntags, true);
      assert.deepEqual(plan.otherTags, ["team/web:1"]);
      assert.equal(plan.needsForce, null);
      assert.equal(plan.frees, 0);
    }
  });

  test("a stopped container makes it need force, which keeps the layers: nothing is freed", () => {
    const plan = planImageRemoval({ image, reference: "team/web:1", containers: [stopped] });
    assert.equal(plan.needsForce, "containers");
    assert.equal(plan.forced, "delete-keep-layers");
    assert.equal(plan.frees, 0);
  });

  test("a running container: force by tag only untags, force by ID is refused", () => {
    assert.equal(planImageRemoval({ image, reference: "team/web:1", containers: [running] }).forced, "untag");
    const byId = planImageRemoval({ image, reference: image.shortId, containers: [stopped, running] });
    assert.equal(byId.byId, true);
    assert.equal(byId.forced, "refused");
    assert.deepEqual(byId.running, [running]);
    assert.equal(planImageRemoval({ image, reference: image.id, containers: [{ ...running, state: "paused" }] }).forced, "refused");
  });

  test("the ID of an image with several tags needs force and then frees the image", () => {
    const tagged = { ...image, repoTags: ["team/web:1", "team/web:latest"] };
    const plan = planImageRemoval({ image: tagged, reference: image.shortId, containers: [] });
    assert.equal(plan.needsForce, "several-tags");
    assert.equal(plan.forced, "delete");
    assert.equal(plan.frees, 4_000_000);
  });

  test("an untagged image is removed by ID without force", () => {
    const dangling = { ...image, repoTags: [] };
    const plan = planImageRemoval({ image: dangling, reference: image.shortId, containers: [] });
    assert.equal(plan.needsForce, null);
    assert.equal(plan.frees, 4_000_000);
  });
});

describe("describeRefusal", () => {
  test("names the containers and says what gets past them", () => {
    const text = describeRefusal({ message: "conflict: unable to remove repository reference", containers: [stopped], canForce: true });
    assert.match(text, /^Container web-old \(exited\) uses this image\./);
    assert.match(text, /anyway \(-f\)/);
    assert.doesNotMatch(text, /conflict:/);
    const live = describeRefusal({ message: "(cannot be forced)", containers: [running, stopped], canForce: false });
    assert.match(live, /^Containers web-live \(running\), web-old \(exited\) use this image\./);
    assert.match(live, /stop and remove the container first/);
  });

  test("turns the engine's other refusals into sentences", () => {
    assert.match(
      describeRefusal({
        message: "conflict: unable to delete x (cannot be forced) - image has dependent child images",
        containers: [],
        canForce: false,
      }),
      /child images/,
    );
    assert.match(
      describeRefusal({
        message: "conflict: unable to delete x (must be forced) - image is referenced in multiple repositories",
        containers: [],
        canForce: true,
      }),
      /every tag/,
    );
    assert.equal(describeRefusal({ message: "something new", containers: [], canForce: false }), "Docker refused the removal.");
  });
});

describe("describeImageUse", () => {
  const listed = { ...image, containers: 0 };
  const of = (user: ImageUser, imageId = image.id) => ({ ...user, imageId });

  test("names the containers made from the image, running or stopped, and no other image's", () => {
    const other = of({ ...stopped, id: "e".repeat(64), name: "elsewhere" }, "sha256:" + "b".repeat(64));
    assert.deepEqual(describeImageUse({ image: { ...listed, containers: 2 }, containers: [of(stopped), of(running), other] }), {
      who: "by web-old, web-live",
      count: 2,
    });
  });

  test("a container without a name is named by its short ID", () => {
    const unnamed = { ...stopped, name: "" };
    assert.equal(imageUserName(unnamed), "c".repeat(12));
    assert.equal(describeImageUse({ image: listed, containers: [of(unnamed)] })?.who, `by ${"c".repeat(12)}`);
  });

  test("before the container list arrives, the image list's count says it is in use", () => {
    assert.deepEqual(describeImageUse({ image: { ...listed, containers: 1 }, containers: [] }), { who: "by 1 container", count: 1 });
    assert.deepEqual(describeImageUse({ image: { ...listed, containers: 3 }, containers: [] }), { who: "by 3 containers", count: 3 });
  });

  test("an image nothing uses is not held back", () => {
    assert.equal(describeImageUse({ image: listed, containers: [] }), null);
  });
});
