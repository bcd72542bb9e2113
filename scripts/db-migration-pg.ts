/**
 * `npm run db:migration:pg -- NAME`: the next PostgreSQL migration, after a change to
 * prisma/schema.prisma (and its SQLite migration, `prisma migrate dev --name NAME`).
 *
 * Regenerates prisma/postgresql/schema.prisma, then has `prisma migrate diff --script` write the SQL
 * from the datamodel the last committed migration brought the database to (the `schema.prisma`
 * kept beside each migration.sql) to the current one, into
 * prisma/postgresql/migrations/<timestamp>_NAME/. Diffing from a datamodel rather than
 * `--from-migrations` because the JS schema engine cannot introspect a PostgreSQL database (the
 * shadow database that needs), prisma/orm#27403.
 *
 * The CLI still opens its adapter's connection: DATABASE_URL must name a PostgreSQL database it can
 * reach (nothing is written to it), e.g. a private one:
 *   source scripts/lib/sandbox.sh; D=$(mktemp -d); sandbox_start_postgres $D 55432
 *   DATABASE_URL=$SANDBOX_POSTGRES_URL_BASE/postgres npm run db:migration:pg -- add_things
 *   sandbox_stop_postgres $D
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_MIGRATIONS_DIR, POSTGRES_SCHEMA_PATH, postgresSchemaFrom, SQLITE_SCHEMA_PATH } from "../lib/database-schema";
import { databaseKindOf } from "../lib/database-url";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const root = path.join(__dirname, "..");
const name = process.argv[2] ?? "";
if (!/^[a-z0-9_]+$/.test(name)) fail("usage: npm run db:migration:pg -- NAME   (NAME: lower-case letters, digits and _)");
const url = process.env.DATABASE_URL ?? "";
if (databaseKindOf(url) !== "postgresql")
  fail("DATABASE_URL must name a PostgreSQL database the Prisma CLI can reach (see scripts/db-migration-pg.ts).");

const schemaFile = path.join(root, POSTGRES_SCHEMA_PATH);
const schema = postgresSchemaFrom(fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8"));
if (fs.readFileSync(schemaFile, "utf8") !== schema) {
  fs.writeFileSync(schemaFile, schema);
  console.log(`regenerated ${POSTGRES_SCHEMA_PATH} from ${SQLITE_SCHEMA_PATH}`);
}

const migrationsDir = path.join(root, POSTGRES_MIGRATIONS_DIR);
const last = fs
  .readdirSync(migrationsDir)
  .filter((entry) => fs.existsSync(path.join(migrationsDir, entry, "migration.sql")))
  .sort()
  .at(-1);
const from = last ? ["--from-schema-datamodel", path.join(migrationsDir, last, "schema.prisma")] : ["--from-empty"];
if (last && !fs.existsSync(from[1]!)) fail(`${POSTGRES_MIGRATIONS_DIR}/${last} has no schema.prisma to diff from`);

const sql = execFileSync(
  path.join(root, "node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--config", "prisma/postgresql/prisma.config.ts", ...from, "--to-schema-datamodel", POSTGRES_SCHEMA_PATH, "--script"],
  { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
  console.log(`no change since ${last ?? "an empty database"}: no migration written`);
  process.exit(0);
}
// Migrations apply in name order: the new one must sort after the last, whatever the clock says.
const now = Number(new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14));
const stamp = String(Math.max(now, Number(last?.slice(0, 14) ?? 0) + 1));
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql);
// What the next migration diffs from.
fs.writeFileSync(path.join(dir, "schema.prisma"), schema);
console.log(`wrote ${path.relative(root, dir)}/migration.sql: review it, then commit it with the schema change`);
