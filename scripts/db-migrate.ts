/**
 * `npm run db:migrate`: applies this build's migrations to the database DATABASE_URL (or the
 * default SQLite file in DASHBOARD_DATA_DIR) names. SQLite: `prisma migrate deploy`
 * (prisma/migrations). PostgreSQL: the committed SQL of prisma/postgresql/migrations through `pg`
 * (lib/database-migrations.ts says why not Prisma's). `npm start` does the same before serving.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { applyPostgresMigrations, MigrationError } from "../lib/database-migrations";
import { databaseKind, redactDatabaseUrl, resolveDatabaseUrl } from "../lib/database-url";

/** Migrates the database at `url`; resolves with a line saying what was done, rejects with why not. */
export async function migrateDatabase(url: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (databaseKind(url) === "postgresql") {
    const applied = await applyPostgresMigrations(url);
    return `PostgreSQL ${redactDatabaseUrl(url)}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`;
  }
  const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { env: { ...env, DATABASE_URL: url }, encoding: "utf8" });
  if (result.status !== 0) throw new MigrationError(`prisma migrate deploy failed:\n${result.stdout}${result.stderr}`);
  return `SQLite ${url.slice("file:".length)}: up to date`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = resolveDatabaseUrl({ DATABASE_URL: process.env.DATABASE_URL, DASHBOARD_DATA_DIR: process.env.DASHBOARD_DATA_DIR });
  migrateDatabase(url).then(
    (line) => console.log(line),
    (error: Error) => {
      console.error(`Database migration failed for ${redactDatabaseUrl(url)}: ${error.message}`);
      process.exit(1);
    },
  );
}
