import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { applyPostgresMigrations, MIGRATIONS_TABLE, MigrationError, readMigrations } from "@/lib/database-migrations";

/**
 * The PostgreSQL store against a real server: TEST_POSTGRES_URL_BASE (scripts/test.sh starts a
 * private cluster and sets it; `postgresql://postgres@127.0.0.1:PORT`, no database name).
 */
const base = process.env.TEST_POSTGRES_URL_BASE;
if (!base)
  throw new Error("TEST_POSTGRES_URL_BASE is not set: run through scripts/test.sh, or start a cluster with sandbox_start_postgres");
const name = `store_${process.pid}`;
const url = `${base}/${name}`;

async function admin<T>(work: (client: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new pg.Client({ connectionString: `${base}/${database}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

before(async () => {
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  // getDb() reads the configuration once: point it at this database before the first use.
  process.env.DATABASE_URL = url;
});
after(async () => {
  const { getDb } = await import("@/lib/db");
  await getDb().$disconnect();
  await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

test("migrations: two instances starting at once apply each once; a second start applies nothing", async () => {
  const both = await Promise.all([applyPostgresMigrations(url), applyPostgresMigrations(url)]);
  const names = readMigrations().map((migration) => migration.name);
  assert.deepEqual([...both[0], ...both[1]].sort(), names.sort());
  assert.deepEqual(await applyPostgresMigrations(url), []);
  const rows = await admin(
    (client) => client.query(`SELECT "name", "checksum", "applied_at" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`),
    name,
  );
  assert.deepEqual(
    rows.rows.map((row: { name: string }) => row.name),
    names,
  );
  assert.ok(rows.rows.every((row: { applied_at: unknown }) => row.applied_at instanceof Date));
});

test("migrations: a changed migration refuses to start and changes nothing; a failing one rolls back", async () => {
  const [first, ...rest] = readMigrations();
  assert.ok(first);
  await assert.rejects(
    applyPostgresMigrations(url, [{ ...first, sql: `${first.sql}\n-- edited`, checksum: "0".repeat(64) }, ...rest]),
    (error: unknown) => error instanceof MigrationError && error.message.includes(`Migration ${first.name} was changed`),
  );
  const broken = {
    name: "99999999999999_broken",
    sql: `CREATE TABLE "Half" ("id" TEXT); SELECT no_such_function();`,
    checksum: "b".repeat(64),
  };
  await assert.rejects(applyPostgresMigrations(url, [...readMigrations(), broken]), /99999999999999_broken failed and was rolled back/);
  const left = await admin(
    (client) =>
      client.query(
        `SELECT to_regclass('"Half"') AS half, (SELECT count(*) FROM "${MIGRATIONS_TABLE}" WHERE "name" = $1)::int AS recorded`,
        [broken.name],
      ),
    name,
  );
  assert.deepEqual(left.rows[0], { half: null, recorded: 0 });
});

test("types: BigInt past 2^53, DateTime to the millisecond, JSON text kept as written, ids and defaults", async () => {
  const { getDb } = await import("@/lib/db");
  const db = getDb();
  const at = new Date("2026-11-29T12:34:56.789Z");
  const params = '{ "b": 1,  "a": [2] }';
  const plan = await db.cleanupPlan.create({
    data: {
      createdBy: "admin",
      request: params,
      items: "[]",
      reclaimableBytes: 2n ** 62n + 7n,
      sharedBetweenItemsBytes: 0n,
      runStartedAt: at,
    },
  });
  const read = await db.cleanupPlan.findUniqueOrThrow({ where: { id: plan.id } });
  assert.equal(read.reclaimableBytes, 2n ** 62n + 7n);
  assert.equal(read.runStartedAt?.toISOString(), at.toISOString());
  assert.equal(read.request, params);
  assert.equal(read.itemState, "{}");
  assert.ok(Math.abs(read.createdAt.getTime() - Date.now()) < 60_000, "createdAt defaults to now, in UTC");
});

test("audit search: 'target contains' ignores case as on SQLite; equality does not", async () => {
  const { getDb } = await import("@/lib/db");
  const db = getDb();
  await db.auditEntry.create({
    data: { actor: "admin", engine: "local", action: "image.tag", target: "Seed/Web:1", command: "docker tag", outcome: "ok" },
  });
  assert.equal(await db.auditEntry.count({ where: { target: { contains: "seed/web" } } }), 1);
  assert.equal(await db.auditEntry.count({ where: { target: { startsWith: "SEED" } } }), 1);
  assert.equal(await db.auditEntry.count({ where: { target: "seed/web:1" } }), 0);
});

test("raw SQL the store uses runs on PostgreSQL (the session lookup's join)", async () => {
  const { getDb } = await import("@/lib/db");
  const db = getDb();
  const user = await db.user.create({ data: { username: "raw", passwordHash: "x", role: "viewer" } });
  const expiresAt = new Date(Date.now() + 60_000);
  await db.session.create({ data: { tokenHash: "h1", userId: user.id, expiresAt } });
  const [row] = await db.$queryRaw<{ expiresAt: Date; disabled: boolean; username: string }[]>`
    SELECT s."expiresAt", u."disabled", u."username" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."tokenHash" = ${"h1"}`;
  assert.ok(row);
  assert.equal(row.username, "raw");
  assert.equal(row.disabled, false);
  // lib/auth/sessions.ts calls getTime() on it: a Date, as on SQLite.
  assert.ok(row.expiresAt instanceof Date);
  assert.equal(row.expiresAt.getTime(), expiresAt.getTime());
});
