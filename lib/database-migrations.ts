import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { POSTGRES_MIGRATIONS_DIR } from "@/lib/database-schema";

/**
 * The PostgreSQL migrations: the SQL that `prisma migrate diff --script` wrote for each step
 * (prisma/postgresql/migrations/NAME/migration.sql), applied through `pg` with the dashboard's own
 * bookkeeping table. Prisma's own `migrate deploy` cannot be used here: with the JS schema engine
 * (the only one this network can run) it fails to read PostgreSQL's catalog ("Column type 'name'
 * could not be deserialized", prisma/orm#27403), while the client and `migrate diff` work.
 */

/** The bookkeeping table: one row per applied migration. Not a Prisma model. */
export const MIGRATIONS_TABLE = "dashboard_migrations";
// Any constant: held while migrating, so two instances starting together migrate once.
const MIGRATION_LOCK_KEY = 7_135_120_015;

export type Migration = { name: string; sql: string; checksum: string };

/** Refused to migrate: the database does not match this build's migrations. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/**
 * The committed migrations in the order they apply (folder names start with a timestamp).
 *
 * @example readMigrations().at(-1)?.name // "20261129210000_baseline"
 */
export function readMigrations(dir: string = path.join(process.cwd(), POSTGRES_MIGRATIONS_DIR)): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * What applying `migrations` to a database that recorded `applied` would do: the pending ones in
 * order, or a MigrationError when the two disagree (a changed migration, or a database migrated by
 * a newer build).
 */
export function planMigrations(migrations: Migration[], applied: { name: string; checksum: string }[]): Migration[] {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied) {
    const migration = byName.get(row.name);
    if (!migration) {
      throw new MigrationError(
        `The database has migration ${row.name} applied, which this build does not have: it was migrated by a newer dashboard. Run that version (or a newer one).`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} was changed after it was applied to this database (checksum ${row.checksum.slice(0, 12)}… recorded, ${migration.checksum.slice(0, 12)}… in ${POSTGRES_MIGRATIONS_DIR}/${row.name}/migration.sql). Applied migrations must not change: restore the file and add a new migration (npm run db:migration:pg -- NAME).`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.name));
  return migrations.filter((migration) => !done.has(migration.name));
}

/**
 * Applies the pending migrations to the PostgreSQL database at `url`, each in its own transaction
 * with its bookkeeping row, under an advisory lock. Returns the names it applied.
 *
 * @example await applyPostgresMigrations("postgresql://dash@db/dash") // ["20261129210000_baseline"]
 */
export async function applyPostgresMigrations(url: string, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Keep the server's notices (CREATE SCHEMA IF NOT EXISTS "public": already exists) off the console.
    client.on("notice", () => undefined);
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`,
    );
    const pending = planMigrations(migrations, rows);
    for (const migration of pending) {
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
      }
    }
    return pending.map((migration) => migration.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}
