import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatBytes, formatPercent } from "@/lib/format/bytes";

describe("formatBytes", () => {
  test("uses decimal units like the docker CLI", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(23), "23 B");
    assert.equal(formatBytes(999), "999 B");
    assert.equal(formatBytes(1000), "1 kB");
    assert.equal(formatBytes(1_984_172), "1.98 MB");
    assert.equal(formatBytes(54_412_972), "54.4 MB");
    assert.equal(formatBytes(52_428_800), "52.4 MB");
    assert.equal(formatBytes(3_200_000_000), "3.2 GB");
  });

  test("carries a value that rounds to 1000 into the next unit", () => {
    assert.equal(formatBytes(999_960), "1 MB");
  });

  test("keeps the sign and refuses non-numbers", () => {
    assert.equal(formatBytes(-2048), "-2.05 kB");
    assert.equal(formatBytes(Number.NaN), "—");
  });
});

describe("formatPercent", () => {
  test("rounds, flags tiny shares and handles an empty whole", () => {
    assert.equal(formatPercent(1, 3), "33%");
    assert.equal(formatPercent(1, 1000), "<1%");
    assert.equal(formatPercent(5, 0), "0%");
    assert.equal(formatPercent(10, 10), "100%");
  });
});
