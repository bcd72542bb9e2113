import "server-only";
import { databaseKind, redactDatabaseUrl } from "@/lib/database-url";
import { createDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * `npm run db:copy`: every row of one store into another (SQLite to PostgreSQL, or back), through
 * the two Prisma clients so each value is read and written as its own type (DateTime, BigInt,
 * Boolean). Secrets stay sealed as they are: the target dashboard needs the same
 * DASHBOARD_SECRET_KEY (or secret.key file) to open them.
 */

type Row = Record<string, unknown>;
type Delegate = {
  findMany(args: { take: number; skip?: number; cursor?: Row; orderBy: Row[] }): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(): Promise<number>;
  deleteMany(): Promise<unknown>;
};

/**
 * Every table, parents before children (Session and ApiToken need their User, AnalysedLayerEntry
 * its AnalysedLayer), with its key (for paging) and rows per INSERT (kept under SQLite's 32,766
 * bound values: columns x rows).
 */
export const COPY_TABLES = [
  { model: "User", key: ["id"], batch: 1000 },
  { model: "Session", key: ["id"], batch: 1000 },
  { model: "ApiToken", key: ["id"], batch: 1000 },
  { model: "Registry", key: ["id"], batch: 1000 },
  { model: "Engine", key: ["id"], batch: 1000 },
  { model: "SignInFailure", key: ["id"], batch: 1000 },
  { model: "DashboardInstance", key: ["id"], batch: 1000 },
  { model: "ConsoleSession", key: ["id"], batch: 1000 },
  { model: "AuditEntry", key: ["id"], batch: 1000 },
  { model: "CleanupPlan", key: ["id"], batch: 1000 },
  { model: "CleanupPolicy", key: ["id"], batch: 1000 },
  { model: "Build", key: ["id"], batch: 500 },
  // Pieces of up to about 256 KiB each: a few MiB per batch.
  { model: "BuildLogChunk", key: ["buildId", "seq"], batch: 16 },
  { model: "AnalysedLayer", key: ["id"], batch: 1000 },
  { model: "AnalysedLayerEntry", key: ["layerId", "position"], batch: 2500 },
  { model: "LayerAlias", key: ["alias"], batch: 1000 },
  { model: "ImageAnalysis", key: ["imageId"], batch: 1000 },
] as const;

/**
 * A layer entry's mode, uid and gid are unsigned 32-bit values. PostgreSQL's INTEGER is signed, so
 * the PostgreSQL layer store keeps their bits (a uid of 4,000,000,000 is stored as -294,967,296,
 * lib/layers/store-postgres.ts) while SQLite keeps the number: each row is written the way the
 * target's store reads it.
 */
const UNSIGNED_ENTRY_FIELDS = ["mode", "uid", "gid"] as const;

function rowsForTarget(model: string, rows: Row[], target: "sqlite" | "postgresql"): Row[] {
  if (model !== "AnalysedLayerEntry") return rows;
  const convert = target === "postgresql" ? (value: number) => value | 0 : (value: number) => value >>> 0;
  return rows.map((row) => {
    const converted = { ...row };
    for (const field of UNSIGNED_ENTRY_FIELDS) converted[field] = convert(row[field] as number);
    return converted;
  });
}

export type CopiedTable = { table: string; source: number; target: number };

/** Refused: the target holds rows and --force was not given, or the counts did not match. */
export class CopyError extends Error {
  override name = "CopyError";
}

function delegate(db: PrismaClient, model: string): Delegate {
  return (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
}

function cursorOf(key: readonly string[], row: Row): Row {
  if (key.length === 1) return { [key[0]!]: row[key[0]!] };
  return { [key.join("_")]: Object.fromEntries(key.map((field) => [field, row[field]])) };
}

/**
 * Copies every table of `from` into `to` (both already migrated to this build's schema) in
 * batches, then compares the row counts table by table.
 *
 * @example await copyDatabase({ from: "file:./data/dashboard.db", to: "postgresql://dash@db/dash" })
 */
export async function copyDatabase(options: {
  from: string;
  to: string;
  /** Empty a target that holds rows first, instead of refusing. */
  force?: boolean;
  log?: (line: string) => void;
}): Promise<CopiedTable[]> {
  const log = options.log ?? (() => undefined);
  const source = createDb(options.from);
  const target = createDb(options.to);
  try {
    const held = [];
    for (const { model } of COPY_TABLES) {
      const rows = await delegate(target, model).count();
      if (rows > 0) held.push(`${model} (${rows})`);
    }
    if (held.length) {
      if (!options.force) {
        throw new CopyError(
          `The target ${redactDatabaseUrl(options.to)} is not empty: ${held.join(", ")}. Copy into an empty database, or pass --force to empty it first.`,
        );
      }
      log(`emptying the target: ${held.join(", ")}`);
      for (const { model } of [...COPY_TABLES].reverse()) await delegate(target, model).deleteMany();
    }

    for (const { model, key, batch } of COPY_TABLES) {
      const from = delegate(source, model);
      const to = delegate(target, model);
      const orderBy = key.map((field) => ({ [field]: "asc" }));
      let last: Row | undefined;
      let copied = 0;
      for (;;) {
        const rows = await from.findMany({ take: batch, orderBy, ...(last ? { cursor: cursorOf(key, last), skip: 1 } : {}) });
        if (rows.length === 0) break;
        await to.createMany({ data: rowsForTarget(model, rows, databaseKind(options.to)) });
        copied += rows.length;
        last = rows.at(-1);
        if (rows.length < batch) break;
      }
      log(`${model}: ${copied} rows`);
    }

    // Ids given explicitly do not move a PostgreSQL sequence: the next layer would take id 1 again.
    if (databaseKind(options.to) === "postgresql") {
      await target.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"AnalysedLayer"', 'id'), GREATEST(COALESCE(MAX("id"), 0), 1), MAX("id") IS NOT NULL) FROM "AnalysedLayer"`,
      );
    }

    const counts: CopiedTable[] = [];
    for (const { model } of COPY_TABLES) {
      counts.push({ table: model, source: await delegate(source, model).count(), target: await delegate(target, model).count() });
    }
    const wrong = counts.filter((count) => count.source !== count.target);
    if (wrong.length) {
      throw new CopyError(
        `Row counts differ after the copy: ${wrong.map((count) => `${count.table} ${count.source} in the source, ${count.target} in the target`).join("; ")}. Was a dashboard still writing to the source?`,
      );
    }
    return counts;
  } finally {
    await Promise.all([source.$disconnect(), target.$disconnect()]);
  }
}
