import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { createSecretBox, parseSecretKey } from "@/lib/secrets/secret-box";

test("seals and opens; the sealed text does not contain the secret and differs each time", () => {
  const box = createSecretBox(randomBytes(32));
  const a = box.seal("registry-password");
  const b = box.seal("registry-password");
  assert.notEqual(a, b);
  assert.ok(!a.includes("registry-password"));
  assert.equal(box.open(a), "registry-password");
  assert.equal(box.open(box.seal("")), "");
});

test("a tampered value or another key fails to open", () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal("secret");
  const parts = sealed.split(":");
  const flipped = Buffer.from(parts[3]!, "base64");
  flipped[0] = flipped[0]! ^ 1;
  assert.throws(() => box.open([parts[0], parts[1], parts[2], flipped.toString("base64")].join(":")));
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed));
  assert.throws(() => box.open("plain text"));
});

test("keys: 64 hex digits or base64 of 32 bytes; anything else is refused", () => {
  assert.equal(parseSecretKey("ab".repeat(32)).length, 32);
  assert.equal(parseSecretKey(randomBytes(32).toString("base64")).length, 32);
  assert.throws(() => parseSecretKey("short"), /32 bytes/);
  assert.throws(() => createSecretBox(randomBytes(16)), /32 bytes/);
});
