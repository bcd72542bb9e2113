import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./lib/database-url";

// The JS schema engine and the better-sqlite3 adapter let the CLI migrate without downloading a
// native engine (this network cannot reach Prisma's binary host).
const url = resolveDatabaseUrl({ DATABASE_URL: process.env.DATABASE_URL, DASHBOARD_DATA_DIR: process.env.DASHBOARD_DATA_DIR });
process.env.DATABASE_URL ??= url;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
