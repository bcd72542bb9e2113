import assert from "node:assert/strict";
import { test } from "node:test";
import { withInsensitiveLike } from "@/lib/db";

test("PostgreSQL LIKE filters get mode insensitive, as SQLite's LIKE is; equality stays exact", () => {
  assert.deepEqual(withInsensitiveLike({ target: { contains: "nginx" }, outcome: "ok" }), {
    target: { contains: "nginx", mode: "insensitive" },
    outcome: "ok",
  });
  assert.deepEqual(withInsensitiveLike({ OR: [{ name: { startsWith: "a" } }, { name: { equals: "B" } }] }), {
    OR: [{ name: { startsWith: "a", mode: "insensitive" } }, { name: { equals: "B" } }],
  });
  assert.deepEqual(withInsensitiveLike({ user: { username: { endsWith: "x", mode: "default" } } }), {
    user: { username: { endsWith: "x", mode: "default" } },
  });
  const at = new Date(0);
  assert.deepEqual(withInsensitiveLike({ createdAt: { lt: at } }), { createdAt: { lt: at } });
});
