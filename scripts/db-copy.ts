/**
 * `npm run db:copy -- --from file:./data/dashboard.db --to postgresql://user:pw@host:5432/dash [--force]`:
 * moves a dashboard to another store. Stop the dashboard first (rows written during the copy would
 * be missed: the counts check says so). Both databases are migrated to this build's schema first;
 * the target must be empty unless --force (which empties it). Registry and engine secrets are
 * copied sealed: give the new dashboard the same DASHBOARD_SECRET_KEY or secret.key file.
 */
import { parseArgs } from "node:util";
import { copyDatabase } from "../lib/database-copy";
import { databaseKindOf, redactDatabaseUrl } from "../lib/database-url";
import { migrateDatabase } from "./db-migrate";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values: { from?: string; to?: string; force?: boolean };
try {
  ({ values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, force: { type: "boolean" } } }));
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run db:copy -- --from URL --to URL [--force]`);
}
const { from, to, force } = values;
if (!from || !to) fail("usage: npm run db:copy -- --from URL --to URL [--force]   (URL: file:/path/dashboard.db or postgresql://…)");
for (const [flag, url] of [
  ["--from", from],
  ["--to", to],
] as const) {
  if (!databaseKindOf(url))
    fail(`${flag} must be file:/path/to/dashboard.db or postgresql://user:password@host:5432/database, not ${redactDatabaseUrl(url)}`);
}
if (from === to) fail("--from and --to are the same database");

async function main(): Promise<void> {
  for (const url of [from!, to!]) console.log(`migrated ${await migrateDatabase(url)}`);
  const counts = await copyDatabase({ from: from!, to: to!, force, log: (line) => console.log(line) });
  console.log(`copied ${redactDatabaseUrl(from!)} to ${redactDatabaseUrl(to!)}; row counts match:`);
  for (const count of counts) console.log(`  ${count.table.padEnd(20)} ${count.target}`);
}

main().catch((error: Error) => fail(`db:copy failed: ${error.message}`));
