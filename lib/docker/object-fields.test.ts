import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { driverNameSchema, engineNameSchema, labelFlags, labelsFromLines, labelsSchema } from "@/lib/docker/object-fields";

describe("labels typed as lines", () => {
  test("key=value, the value keeps later = signs; a bare key has an empty value", () => {
    assert.deepEqual(labelsFromLines(["team=db", "note=a=b", "flag", " spaced =x"]), { team: "db", note: "a=b", flag: "", spaced: "x" });
  });
  test("each label becomes one --label flag, in order", () => {
    assert.deepEqual(labelFlags({ team: "db", note: "keep it" }), ["--label", "team=db", "--label", "note=keep it"]);
    assert.deepEqual(labelFlags(undefined), []);
  });
});

describe("the engine's rules for names, drivers and labels", () => {
  test("a name is 2 or more of letters, digits, _ . - starting with a letter or digit", () => {
    for (const name of ["pg", "pg_data-1.bak", "0ab"]) assert.equal(engineNameSchema.safeParse(name).success, true, name);
    for (const name of ["x", "-lead", ".hidden", "bad name", "a/b", "a".repeat(256)]) {
      assert.equal(engineNameSchema.safeParse(name).success, false, name);
    }
  });
  test("a driver message names the kind and an example", () => {
    const parsed = driverNameSchema("network", "bridge").safeParse("-bad");
    assert.equal(parsed.success, false);
    assert.match(parsed.error!.issues[0]!.message, /network driver name such as bridge/);
    assert.equal(driverNameSchema("volume", "local").safeParse("vieux/sshfs:latest").success, true);
  });
  test("label keys hold no = or whitespace; at most 64 labels", () => {
    assert.equal(labelsSchema.safeParse({ "a=b": "c" }).success, false);
    assert.equal(labelsSchema.safeParse({ "a b": "c" }).success, false);
    assert.equal(labelsSchema.safeParse(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, ""]))).success, false);
    assert.equal(labelsSchema.safeParse({ team: "db", note: "" }).success, true);
  });
});
