import assert from "node:assert/strict";
import { test } from "node:test";
import { actorName, hasRole, ROLES } from "@/lib/auth/roles";

test("each role includes the ones below it and none above", () => {
  for (const [i, actual] of ROLES.entries()) {
    for (const [j, required] of ROLES.entries()) assert.equal(hasRole(actual, required), i >= j, `${actual} vs ${required}`);
  }
});

test("actor names: users by name, tokens marked as tokens", () => {
  assert.equal(actorName({ kind: "user", id: "u", username: "ana", role: "admin", sessionId: "s" }), "ana");
  assert.equal(actorName({ kind: "token", id: "t", name: "ci", role: "viewer", createdBy: "ana" }), "token:ci");
});
