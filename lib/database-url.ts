import fs from "node:fs";
import path from "node:path";

/**
 * The audit database URL: DATABASE_URL if set, else a SQLite file in the data directory (created
 * if missing). Shared by the Prisma CLI config and the runtime client so both open the same file.
 *
 * @example resolveDatabaseUrl({ DASHBOARD_DATA_DIR: "/srv/dash" }) // "file:/srv/dash/dashboard.db"
 */
export function resolveDatabaseUrl(env: { DATABASE_URL?: string; DASHBOARD_DATA_DIR?: string }): string {
  if (env.DATABASE_URL && env.DATABASE_URL.trim() !== "") return env.DATABASE_URL;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DASHBOARD_DATA_DIR || "./data");
  // Mode 0700 as ensureDataDir (lib/env) makes it: the directory also holds the secret key.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return `file:${path.join(dataDir, "dashboard.db")}`;
}
