import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, postgresSchemaFrom, SQLITE_SCHEMA_PATH } from "@/lib/database-schema";

const read = (file: string) => fs.readFileSync(path.join(process.cwd(), file), "utf8");

test("the PostgreSQL schema is the SQLite one with only provider and output changed (run npm run db:schema:pg)", () => {
  assert.equal(
    read(POSTGRES_SCHEMA_PATH),
    postgresSchemaFrom(read(SQLITE_SCHEMA_PATH)),
    `${POSTGRES_SCHEMA_PATH} drifted: run npm run db:schema:pg`,
  );
});

test("the last PostgreSQL migration brings the database to the current schema (run npm run db:migration:pg -- NAME)", () => {
  const dir = path.join(process.cwd(), POSTGRES_MIGRATIONS_DIR);
  const last = fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .at(-1);
  assert.ok(last, "no PostgreSQL migration committed");
  assert.equal(
    fs.readFileSync(path.join(dir, last, "schema.prisma"), "utf8"),
    read(POSTGRES_SCHEMA_PATH),
    `the schema changed after ${last}: add its PostgreSQL migration with npm run db:migration:pg -- NAME`,
  );
});

test("the two schemas differ in provider and client folder, and in nothing else", () => {
  const sqlite = `generator client {\n  provider = "prisma-client"\n  output   = "../lib/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n  url      = env("DATABASE_URL")\n}\n\nmodel A {\n  id BigInt @id\n}\n`;
  const postgres = postgresSchemaFrom(sqlite);
  assert.match(postgres, /provider = "postgresql"/);
  assert.match(postgres, /output {3}= "\.\.\/\.\.\/lib\/generated\/prisma-pg"/);
  assert.doesNotMatch(postgres, /sqlite/);
  assert.ok(postgres.endsWith("model A {\n  id BigInt @id\n}\n"));
  // A schema that is not the one it expects (a second datasource, a moved client) is refused, not half-converted.
  assert.throws(() => postgresSchemaFrom(sqlite.replace('"../lib/generated/prisma"', '"../elsewhere"')), /client output/);
});
