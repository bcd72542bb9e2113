/**
 * The layer explorer's store alone: one 50,000-entry layer written as the analysis writes it
 * (LayerWriter, batches of 250 from the walk, a commit per 10,000 rows) and read back page by page
 * as the fold reads it, on SQLite (a fresh migrated file, the dashboard's journal settings) and on
 * PostgreSQL (a fresh migrated database). Prints the median of the rounds.
 *
 *   npx tsx --conditions=react-server scripts/bench/analysis-store.ts
 *   BENCH_POSTGRES_URL_BASE=postgresql://postgres@127.0.0.1:5432 npx tsx --conditions=react-server scripts/bench/analysis-store.ts
 *
 * Knobs: BENCH_STORE_ENTRIES (50000), BENCH_STORE_ROUNDS (5). Without BENCH_POSTGRES_URL_BASE
 * (a server whose user may create databases) only SQLite is measured.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { applyPostgresMigrations } from "@/lib/database-migrations";
import type { LayerEntry } from "@/lib/layers/analysis/types";
import { openLayerStore, type LayerStore } from "@/lib/layers/store";

const ENTRIES = Number(process.env.BENCH_STORE_ENTRIES ?? 50_000);
const ROUNDS = Number(process.env.BENCH_STORE_ROUNDS ?? 5);
const BATCH = 250;

function entries(): LayerEntry[] {
  return Array.from({ length: ENTRIES }, (_, index) => ({
    path: `/usr/share/bench/d${index % 200}/file-${index}.txt`,
    type: "file",
    size: 1000 + (index % 4096),
    mode: 0o644,
    uid: 0,
    gid: 0,
    linkTarget: null,
    hash: (index * 2654435761).toString(16).padStart(16, "0").slice(-16),
  }));
}

async function round(store: LayerStore, rows: LayerEntry[], diffId: string): Promise<{ writeMs: number; readMs: number }> {
  const started = performance.now();
  const writer = await store.openLayerWriter();
  for (let at = 0; at < rows.length; at += BATCH) await writer.append(rows.slice(at, at + BATCH));
  await writer.finish({ diffId, tarBytes: 0, entryCount: rows.length, contentBytes: 0 });
  const written = performance.now();
  const layer = (await store.storedLayer(diffId))!;
  let count = 0;
  for await (const page of store.readLayer(layer.id)) count += page.length;
  if (count !== rows.length) throw new Error(`read ${count} rows of ${rows.length}`);
  return { writeMs: written - started, readMs: performance.now() - written };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(name: string, store: LayerStore): Promise<void> {
  const rows = entries();
  await round(store, rows, "sha256:warm-up");
  const results = [];
  for (let index = 0; index < ROUNDS; index++) results.push(await round(store, rows, `sha256:bench-${index}`));
  const write = median(results.map((result) => result.writeMs));
  const read = median(results.map((result) => result.readMs));
  console.log(
    `${name}: ${ENTRIES} entries, write ${(write / 1000).toFixed(2)} s (${Math.round(ENTRIES / (write / 1000))} rows/s), read ${(read / 1000).toFixed(2)} s (${Math.round(ENTRIES / (read / 1000))} rows/s), median of ${ROUNDS}`,
  );
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-store-"));
  try {
    const file = path.join(dir, "dashboard.db");
    const migrations = path.join(process.cwd(), "prisma", "migrations");
    const folder = fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"))!;
    const db = new Database(file);
    db.exec(fs.readFileSync(path.join(migrations, folder, "migration.sql"), "utf8"));
    db.close();
    const sqlite = openLayerStore(`file:${file}`);
    await measure("SQLite", sqlite);
    await sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const base = process.env.BENCH_POSTGRES_URL_BASE;
  if (!base) return;
  const name = `bench_store_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    await applyPostgresMigrations(`${base}/${name}`);
    const postgres = openLayerStore(`${base}/${name}`);
    await measure("PostgreSQL", postgres);
    await postgres.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
