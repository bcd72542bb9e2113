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

/** The stores the dashboard speaks: SQLite (the default, a file) or PostgreSQL. */
export type DatabaseKind = "sqlite" | "postgresql";

/** What DATABASE_URL must look like, for messages. */
export const DATABASE_URL_FORMS = "file:/path/to/dashboard.db (SQLite) or postgresql://user:password@host:5432/database";

/**
 * Which store a URL selects, or null when it selects none (a typo, another database).
 *
 * @example databaseKindOf("postgres://dash@db/dash") // "postgresql"
 * @example databaseKindOf("file:./data/dashboard.db") // "sqlite"
 */
export function databaseKindOf(url: string): DatabaseKind | null {
  if (/^file:/.test(url)) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return null;
}

/** `databaseKindOf`, throwing for a URL that selects no store. */
export function databaseKind(url: string): DatabaseKind {
  const kind = databaseKindOf(url);
  if (!kind) throw new Error(`DATABASE_URL must be ${DATABASE_URL_FORMS}, not ${redactDatabaseUrl(url)}`);
  return kind;
}

/**
 * The URL without its password, for logs and messages.
 *
 * @example redactDatabaseUrl("postgresql://dash:s3cret@db:5432/dash") // "postgresql://dash:***@db:5432/dash"
 */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
