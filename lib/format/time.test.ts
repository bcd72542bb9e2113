import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatDuration, formatNanoseconds, formatRelativeTime, formatTimestamp, parseUtcInput } from "@/lib/format/time";

const NOW = Date.parse("2026-11-22T12:00:00Z");

describe("formatRelativeTime", () => {
  test("picks the largest whole unit", () => {
    assert.equal(formatRelativeTime("2026-11-22T11:59:58Z", NOW), "just now");
    assert.equal(formatRelativeTime("2026-11-22T11:59:30Z", NOW), "30 seconds ago");
    assert.equal(formatRelativeTime("2026-11-22T11:59:00Z", NOW), "1 minute ago");
    assert.equal(formatRelativeTime("2026-11-22T09:00:00Z", NOW), "3 hours ago");
    assert.equal(formatRelativeTime("2026-11-20T12:00:00Z", NOW), "2 days ago");
    assert.equal(formatRelativeTime("2026-08-22T12:00:00Z", NOW), "3 months ago");
    assert.equal(formatRelativeTime("2023-11-22T12:00:00Z", NOW), "3 years ago");
  });

  test("handles the future and bad input", () => {
    assert.equal(formatRelativeTime("2026-11-22T12:10:00Z", NOW), "in 10 minutes");
    assert.equal(formatRelativeTime("not a date", NOW), "unknown");
  });
});

describe("formatTimestamp", () => {
  test("prints UTC to the second", () => {
    assert.equal(formatTimestamp("2026-11-22T04:48:16.138673408Z"), "2026-11-22 04:48:16 UTC");
    assert.equal(formatTimestamp(new Date(0)), "1970-01-01 00:00:00 UTC");
    assert.equal(formatTimestamp("garbage"), "unknown");
  });
});

describe("formatDuration", () => {
  test("scales from milliseconds to minutes", () => {
    assert.equal(formatDuration(48), "48 ms");
    assert.equal(formatDuration(1234), "1.23 s");
    assert.equal(formatDuration(120_000), "2 min");
    assert.equal(formatDuration(125_000), "2 min 5 s");
    assert.equal(formatDuration(-1), "—");
  });
});

describe("formatNanoseconds", () => {
  test("writes Go durations", () => {
    assert.equal(formatNanoseconds(30e9), "30s");
    assert.equal(formatNanoseconds(3e9), "3s");
    assert.equal(formatNanoseconds(90e9), "1m30s");
    assert.equal(formatNanoseconds(3600e9), "1h");
    assert.equal(formatNanoseconds(5e8), "500ms");
    assert.equal(formatNanoseconds(0), "0s");
  });
});

describe("parseUtcInput", () => {
  test("reads a datetime-local value as UTC", () => {
    assert.equal(parseUtcInput("2026-11-22T04:48")?.toISOString(), "2026-11-22T04:48:00.000Z");
    assert.equal(parseUtcInput("2026-11-22T04:48:00Z")?.toISOString(), "2026-11-22T04:48:00.000Z");
    assert.equal(parseUtcInput(""), undefined);
    assert.equal(parseUtcInput("nonsense"), undefined);
  });
});
