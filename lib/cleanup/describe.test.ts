import assert from "node:assert/strict";
import { test } from "node:test";
import { describeCleanupRequest } from "@/lib/cleanup/describe";

test("every rule, the named items and the keep rules are said in words, in the form's order", () => {
  assert.deepEqual(
    describeCleanupRequest({
      rules: {
        dangling: true,
        unused: true,
        olderThanDays: 30,
        largerThanBytes: 2_000_000_000,
        keepNewestPerRepo: 3,
        unusedForDays: 1,
        buildCache: true,
        danglingVolumes: true,
        stoppedContainersOlderThanDays: 7,
      },
      keep: { patterns: ["*:latest"], labels: ["keep=true"] },
      images: ["a:1", "b:1"],
      containers: ["web"],
    }),
    {
      removes: [
        "dangling images",
        "images no container uses",
        "images older than 30 days",
        "images larger than 2 GB",
        "tags beyond the newest 3 per repository",
        "images unused for 1 day",
        "build leftovers",
        "volumes no container mounts",
        "stopped containers older than 7 days",
        "2 named images",
        "1 named container",
      ],
      keeps: ["*:latest", "label keep=true"],
    },
  );
});

test("an empty request removes and keeps nothing", () => {
  assert.deepEqual(describeCleanupRequest({}), { removes: [], keeps: [] });
});
