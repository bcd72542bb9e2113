import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseKind, type DatabaseKind } from "@/lib/database-url";
import { getEnv } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { dashboardPrisma?: PrismaClient };

/** Prisma's string filters that SQLite runs as LIKE, which ignores ASCII case. */
const LIKE_FILTERS = ["contains", "startsWith", "endsWith"] as const;

/**
 * `where` with `mode: "insensitive"` on every LIKE filter: PostgreSQL's LIKE is case-sensitive and
 * SQLite's is not (for ASCII), so without it "target contains nginx" would stop finding "NGINX:1"
 * on PostgreSQL. ILIKE also folds non-ASCII letters, which SQLite does not.
 */
export function withInsensitiveLike(where: unknown): unknown {
  if (Array.isArray(where)) return where.map(withInsensitiveLike);
  if (where === null || typeof where !== "object" || Object.getPrototypeOf(where) !== Object.prototype) return where;
  const entries = Object.entries(where as Record<string, unknown>).map(([key, value]) => [key, withInsensitiveLike(value)] as const);
  const filter = Object.fromEntries(entries);
  if (LIKE_FILTERS.some((name) => typeof filter[name] === "string") && filter.mode === undefined) filter.mode = "insensitive";
  return filter;
}

function postgresClient(url: string): PrismaClient {
  const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }).$extends({
    query: {
      $allModels: {
        $allOperations({ args, query }) {
          const withWhere = args as { where?: unknown };
          if (withWhere && withWhere.where !== undefined) withWhere.where = withInsensitiveLike(withWhere.where);
          return query(args);
        },
      },
    },
  });
  // Both clients are generated from the same models (lib/database-schema.ts, and a test that fails
  // when the two schemas differ), so their model APIs are the same: the rest of the code is written
  // against the SQLite client's types and runs on either.
  return client as unknown as PrismaClient;
}

/**
 * The store's Prisma client, one per process (Next's dev reloads would otherwise leak): SQLite for
 * a `file:` DATABASE_URL (the default), PostgreSQL for a `postgresql://` one.
 */
export function getDb(): PrismaClient {
  if (!globalForPrisma.dashboardPrisma) {
    const url = getEnv().databaseUrl;
    globalForPrisma.dashboardPrisma =
      databaseKind(url) === "postgresql" ? postgresClient(url) : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  }
  return globalForPrisma.dashboardPrisma;
}

/** Which store this process uses (for what only one of them can do, e.g. PostgreSQL's advisory locks). */
export function getDatabaseKind(): DatabaseKind {
  return databaseKind(getEnv().databaseUrl);
}
