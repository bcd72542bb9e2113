import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./lib/database-url";

// The JS schema engine and the better-sqlite3 adapter let the CLI migrate without downloading a
// native engine (this network cannot reach Prisma's binary host). This is the SQLite schema's
// config; prisma/postgresql/prisma.config.ts is PostgreSQL's.
const url = resolveDatabaseUrl({ DATABASE_URL: process.env.DATABASE_URL, DASHBOARD_DATA_DIR: process.env.DASHBOARD_DATA_DIR });
const postgres = !url.startsWith("file:");
// With DATABASE_URL on PostgreSQL the SQLite schema must still parse (generating its client at
// install time); anything that would connect is refused below instead of opening a stray file.
process.env.DATABASE_URL = postgres ? "file:./unused-sqlite-placeholder.db" : url;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (postgres) {
      throw new Error(
        "DATABASE_URL is a PostgreSQL URL and this is the SQLite schema's Prisma config: migrate with `npm run db:migrate` (see the README, PostgreSQL).",
      );
    }
    return new PrismaBetterSQLite3({ url });
  },
});
