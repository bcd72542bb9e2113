/**
 * The PostgreSQL Prisma schema is generated from the SQLite one (prisma/schema.prisma, the one to
 * edit): the models are the same, only the datasource provider and the generated client's folder
 * differ. `npm run db:schema:pg` writes it; a unit test fails when the committed copy drifts.
 */

/** Where each schema lives and where its client is generated, relative to the project root. */
export const SQLITE_SCHEMA_PATH = "prisma/schema.prisma";
export const POSTGRES_SCHEMA_PATH = "prisma/postgresql/schema.prisma";
export const POSTGRES_MIGRATIONS_DIR = "prisma/postgresql/migrations";

const HEADER = [
  "// GENERATED from prisma/schema.prisma by `npm run db:schema:pg`: edit that file, then run it.",
  "// Only the datasource provider and the client's output folder differ (lib/database-schema.ts).",
  "",
].join("\n");

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
  if (matches?.length !== 1) throw new Error(`${SQLITE_SCHEMA_PATH}: expected exactly one ${what}, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

/**
 * The PostgreSQL schema for a SQLite schema's text.
 *
 * @example postgresSchemaFrom(fs.readFileSync("prisma/schema.prisma", "utf8")).includes('provider = "postgresql"') // true
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let schema = replaceOnce(sqliteSchema, /(provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'provider = "sqlite"');
  // The SQLite client is generated into lib/generated/prisma (output relative to prisma/); this
  // schema sits one folder deeper and its client goes beside the other.
  schema = replaceOnce(schema, /(output\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"', "client output");
  return HEADER + schema;
}
