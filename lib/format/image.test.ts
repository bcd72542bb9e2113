import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { imagePath, primaryReference, shortDigest, splitInstruction, zeroByteLayerReason } from "@/lib/format/image";

describe("shortDigest", () => {
  test("drops the algorithm and keeps 12 hex digits", () => {
    assert.equal(shortDigest("sha256:f49db0cca3381dba1ddb78ba10cea857bb9343afa76e978a1e0d77fb1340afb7"), "f49db0cca338");
    assert.equal(shortDigest("f49db0cca3381dba"), "f49db0cca338");
  });
});

describe("primaryReference", () => {
  test("prefers the first tag, then the short ID", () => {
    assert.equal(primaryReference({ repoTags: ["seed/web:2", "seed/web:latest"], shortId: "712ef5a64f25" }), "seed/web:2");
    assert.equal(primaryReference({ repoTags: [], shortId: "712ef5a64f25" }), "712ef5a64f25");
  });
});

describe("imagePath", () => {
  test("encodes a reference into one path segment", () => {
    assert.equal(imagePath("seed/fat:1"), "/images/seed%2Ffat%3A1");
    assert.equal(imagePath("localhost:5000/a/b:c"), "/images/localhost%3A5000%2Fa%2Fb%3Ac");
    assert.equal(imagePath("sha256:abc"), "/images/sha256%3Aabc");
    // A bare name carries its implied tag: "compare" must not land on the compare page.
    assert.equal(imagePath("compare"), "/images/compare%3Alatest");
    assert.equal(imagePath("localhost:5000/compare"), "/images/localhost%3A5000%2Fcompare%3Alatest");
    assert.equal(imagePath("seed/web@sha256:" + "a".repeat(64)), `/images/seed%2Fweb%40sha256%3A${"a".repeat(64)}`);
    assert.equal(imagePath("712ef5a64f25"), "/images/712ef5a64f25");
  });
});

describe("splitInstruction", () => {
  test("splits off the keyword", () => {
    assert.deepEqual(splitInstruction("RUN rm /data/big.bin", "RUN"), { keyword: "RUN", rest: " rm /data/big.bin" });
    assert.deepEqual(splitInstruction("WORKDIR /data", "WORKDIR"), { keyword: "WORKDIR", rest: " /data" });
  });

  test("shows the keyword alone for an empty instruction and nothing for a mismatch", () => {
    assert.deepEqual(splitInstruction("", "IMPORT"), { keyword: "IMPORT", rest: "" });
    assert.deepEqual(splitInstruction("something odd", "UNKNOWN"), { keyword: "", rest: "something odd" });
  });
});

test("a 0-byte layer is explained by the step that made it", () => {
  assert.match(zeroByteLayerReason("WORKDIR"), /directory/);
  assert.match(zeroByteLayerReason("RUN"), /whiteout/);
  assert.match(zeroByteLayerReason("COPY"), /no file bytes/);
});
