/**
 * The layer explorer's store of this process, on the database DATABASE_URL names: SQLite
 * (lib/layers/store-sqlite.ts, the dashboard's database file) or PostgreSQL
 * (lib/layers/store-postgres.ts, shared by every instance on that database). What a store does is
 * `LayerStore` (lib/layers/store-model.ts).
 */
import { databaseKind } from "@/lib/database-url";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { LayerStore } from "@/lib/layers/store-model";
import { PostgresLayerStore } from "@/lib/layers/store-postgres";
import { SqliteLayerStore } from "@/lib/layers/store-sqlite";

export type { LayerStore, StoredEntry, StoredLayer } from "@/lib/layers/store-model";
export { LayerWriter, readLayerEntries } from "@/lib/layers/store-model";
export { PostgresLayerStore } from "@/lib/layers/store-postgres";
export { SqliteLayerStore } from "@/lib/layers/store-sqlite";

/**
 * A new store on the database at `url` (migrated): `file:…` for SQLite, `postgresql://…` for
 * PostgreSQL.
 *
 * @example const store = openLayerStore("postgresql://dash@db:5432/dash"); await store.ready();
 */
export function openLayerStore(url: string): LayerStore {
  let kind;
  try {
    kind = databaseKind(url);
  } catch (error) {
    throw new AppError("unavailable:database", (error as Error).message);
  }
  if (kind === "postgresql") return PostgresLayerStore.open(url);
  return SqliteLayerStore.open(url.slice("file:".length).replace(/\?.*$/, ""));
}

const globalForStore = globalThis as unknown as { dashboardLayerStore?: LayerStore };

/**
 * The store of this process: the dashboard's database (DATABASE_URL / DASHBOARD_DATA_DIR), or the
 * one a script set with `setLayerStore`. One per process (Next's dev reloads would otherwise leak).
 */
export function getLayerStore(): LayerStore {
  globalForStore.dashboardLayerStore ??= openLayerStore(getEnv().databaseUrl);
  return globalForStore.dashboardLayerStore;
}

/** Makes `store` the process's store (the CLI's temporary one, a test's second connection). */
export function setLayerStore(store: LayerStore): void {
  globalForStore.dashboardLayerStore = store;
}
