import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ownerKey, PendingOutput } from "@/lib/containers/console-sessions";
import { consoleRequestSchema, consoleResizeSchema } from "@/lib/containers/schemas";

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("consoleRequestSchema", () => {
  test("an empty body opens sh with the engine's default size", () => {
    assert.deepEqual(consoleRequestSchema.parse({}), { command: ["sh"] });
  });

  test("keeps command, size, user and working directory", () => {
    const body = { command: ["bash", "-l"], cols: 120, rows: 40, user: "1000:1000", workingDir: "/app" };
    assert.deepEqual(consoleRequestSchema.parse(body), body);
  });

  test("an empty argument after the program is a real argument", () => {
    assert.deepEqual(consoleRequestSchema.parse({ command: ["sh", "-c", ""] }).command, ["sh", "-c", ""]);
  });

  test("refuses a command without a program, with an empty program, or with NUL", () => {
    assert.match(issues(consoleRequestSchema.safeParse({ command: [] })).join(), /command: must name a program/);
    assert.match(issues(consoleRequestSchema.safeParse({ command: [" "] })).join(), /program \(first word\) must not be empty/);
    assert.match(issues(consoleRequestSchema.safeParse({ command: ["sh", "a\0b"] })).join(), /must not contain NUL/);
    assert.equal(consoleRequestSchema.safeParse({ command: "sh" }).success, false);
  });

  test("size comes as both cols and rows, whole numbers from 1 to 1000", () => {
    assert.match(issues(consoleRequestSchema.safeParse({ cols: 80 })).join(), /cols: give both cols and rows, or neither/);
    assert.equal(consoleRequestSchema.safeParse({ cols: 0, rows: 24 }).success, false);
    assert.equal(consoleRequestSchema.safeParse({ cols: 80.5, rows: 24 }).success, false);
    assert.equal(consoleRequestSchema.safeParse({ cols: 1001, rows: 24 }).success, false);
  });

  test("user is a name or uid with an optional group; workingDir is absolute", () => {
    assert.equal(consoleRequestSchema.safeParse({ user: "www-data" }).success, true);
    assert.match(issues(consoleRequestSchema.safeParse({ user: "root; rm -rf /" })).join(), /user: must be a user or uid/);
    assert.match(issues(consoleRequestSchema.safeParse({ workingDir: "app" })).join(), /workingDir: must be an absolute path/);
  });
});

describe("consoleResizeSchema", () => {
  test("needs both dimensions as whole numbers", () => {
    assert.deepEqual(consoleResizeSchema.parse({ cols: 132, rows: 43 }), { cols: 132, rows: 43 });
    assert.deepEqual(
      issues(consoleResizeSchema.safeParse({ cols: 132 })).map((issue) => issue.split(":")[0]),
      ["rows"],
    );
    assert.equal(consoleResizeSchema.safeParse({ cols: "132", rows: 43 }).success, false);
  });
});

describe("PendingOutput", () => {
  test("keeps chunks in order and empties on drain", () => {
    const pending = new PendingOutput(10);
    pending.push(Buffer.from("ab"));
    pending.push(Buffer.from(""));
    pending.push(Buffer.from("cd"));
    assert.equal(pending.bytes, 4);
    assert.equal(Buffer.concat(pending.drain()).toString(), "abcd");
    assert.equal(pending.bytes, 0);
    assert.deepEqual(pending.drain(), []);
  });

  test("says when it holds more than its limit, and keeps everything (the caller pauses the source)", () => {
    const pending = new PendingOutput(4);
    assert.equal(pending.push(Buffer.from("1234")), false);
    assert.equal(pending.push(Buffer.from("5")), true);
    assert.equal(Buffer.concat(pending.drain()).toString(), "12345");
    assert.equal(pending.push(Buffer.from("6")), false);
  });
});

describe("ownerKey", () => {
  test("a user owns sessions across their browser sessions; a token is its own owner", () => {
    const tab1 = ownerKey({ kind: "user", id: "u1", username: "ana", role: "operator", sessionId: "s1" });
    const tab2 = ownerKey({ kind: "user", id: "u1", username: "ana", role: "operator", sessionId: "s2" });
    assert.equal(tab1, tab2);
    assert.notEqual(ownerKey({ kind: "token", id: "u1", name: "ci", role: "operator", createdBy: "ana" }), tab1);
  });
});
