import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { dashboardPrisma?: PrismaClient };

/** The audit store's Prisma client, one per process (Next's dev reloads would otherwise leak). */
export function getDb(): PrismaClient {
  globalForPrisma.dashboardPrisma ??= new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: getEnv().databaseUrl }),
  });
  return globalForPrisma.dashboardPrisma;
}
