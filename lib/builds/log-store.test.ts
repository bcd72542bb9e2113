import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { BuildLogStore } from "@/lib/builds/log-store";

test("a log that fits the row stays in memory and leaves no file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "build-log-"));
  const store = new BuildLogStore(dir, "a.log", 100);
  store.append("Step 1/1 : FROM x\n");
  store.append("");
  assert.deepEqual(await store.close(), { log: "Step 1/1 : FROM x\n", logBytes: 18, logFile: null });
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("a larger log keeps its end for the row and all of it, from the first line, in the file", async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "build-log-")), "builds");
  const store = new BuildLogStore(dir, "b.log", 100);
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i} é\n`);
  for (const line of lines) store.append(line);
  const stored = await store.close();
  const whole = lines.join("");
  assert.equal(stored.logFile, "b.log");
  assert.equal(stored.log, whole.slice(-100));
  assert.equal(stored.logBytes, Buffer.byteLength(whole));
  assert.equal(fs.readFileSync(path.join(dir, "b.log"), "utf8"), whole);
  assert.equal(fs.statSync(path.join(dir, "b.log")).mode & 0o777, 0o600);
});
