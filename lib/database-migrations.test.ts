import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { MigrationError, planMigrations, readMigrations } from "@/lib/database-migrations";

const migration = (name: string, sql: string) => ({ name, sql, checksum: `sum-of-${sql}` });

test("pending migrations are the unapplied ones, in order", () => {
  const all = [migration("1_a", "A"), migration("2_b", "B"), migration("3_c", "C")];
  assert.deepEqual(
    planMigrations(all, [{ name: "1_a", checksum: "sum-of-A" }]).map((m) => m.name),
    ["2_b", "3_c"],
  );
  assert.deepEqual(planMigrations(all, all), []);
});

test("an applied migration whose file changed refuses to start, naming it", () => {
  assert.throws(
    () => planMigrations([migration("1_a", "A changed")], [{ name: "1_a", checksum: "sum-of-A" }]),
    (error: unknown) => error instanceof MigrationError && /Migration 1_a was changed after it was applied/.test(error.message),
  );
});

test("a database migrated by a newer build is refused", () => {
  assert.throws(
    () =>
      planMigrations(
        [migration("1_a", "A")],
        [
          { name: "1_a", checksum: "sum-of-A" },
          { name: "2_b", checksum: "x" },
        ],
      ),
    /2_b applied, which this build does not have/,
  );
});

test("readMigrations: folders with a migration.sql, sorted by name, sha256 checksums", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  try {
    for (const [name, sql] of [
      ["20260102_b", "B;"],
      ["20260101_a", "A;"],
    ]) {
      fs.mkdirSync(path.join(dir, name!));
      fs.writeFileSync(path.join(dir, name!, "migration.sql"), sql!);
    }
    fs.mkdirSync(path.join(dir, "notes"));
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), "");
    const read = readMigrations(dir);
    assert.deepEqual(
      read.map((m) => m.name),
      ["20260101_a", "20260102_b"],
    );
    assert.match(read[0]!.checksum, /^[0-9a-f]{64}$/);
    assert.notEqual(read[0]!.checksum, read[1]!.checksum);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the committed PostgreSQL migrations read and create every table of the schema", () => {
  const migrations = readMigrations();
  assert.ok(migrations.length >= 1);
  const sql = migrations.map((m) => m.sql).join("\n");
  const schema = fs.readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
  for (const [, model] of schema.matchAll(/^model (\w+) \{/gm))
    assert.match(sql, new RegExp(`CREATE TABLE "${model}"`), `no CREATE TABLE for ${model}`);
});
