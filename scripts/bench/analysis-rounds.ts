/**
 * The layer analysis of one image several times in one process, the store emptied before each
 * round: what grows between analyses (the server runs them one after another) and where the CPU
 * goes, without a production build. Prints each round's time, CPU, peak RSS and peak heap, and
 * the process's memory after a full GC.
 *
 *   D=$(mktemp -d); DASHBOARD_DATA_DIR=$D npx prisma migrate deploy
 *   DASHBOARD_DATA_DIR=$D DOCKER_HOST=unix://… node --expose-gc --conditions=react-server \
 *     --import tsx scripts/bench/analysis-rounds.ts bench/analysis-files:1 3
 *
 * Knobs: SNAPSHOTS=1 writes heap snapshots after the first and the last round (to compare in
 * DevTools); BALLAST_MB=N keeps about 3·N MB of live objects, standing in for the Next.js server's
 * own heap, so that V8 sizes its old generation as it does there. Add `--cpu-prof` for a profile.
 */
import path from "node:path";
import v8 from "node:v8";
import Database from "better-sqlite3";
import { analyseImage } from "@/lib/layers/actions";

const image = process.argv[2] ?? "bench/analysis-files:1";
const rounds = Number(process.argv[3] ?? 3);
const dataDir = process.env.DASHBOARD_DATA_DIR;
const gc = (globalThis as { gc?: () => void }).gc;
if (!dataDir || !gc) {
  console.error(
    "usage: DASHBOARD_DATA_DIR=<migrated> node --expose-gc --conditions=react-server --import tsx scripts/bench/analysis-rounds.ts IMAGE [ROUNDS]",
  );
  process.exit(2);
}
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function emptyStore(): void {
  const db = new Database(path.join(dataDir!, "dashboard.db"), { timeout: 10_000 });
  db.exec(`DELETE FROM "AnalysedLayerEntry"; DELETE FROM "AnalysedLayer"; DELETE FROM "LayerAlias"; DELETE FROM "ImageAnalysis";`);
  db.close();
}

function printMemory(label: string): void {
  gc!();
  const memory = process.memoryUsage();
  console.log(
    `${label}: rss ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} MB of ${mb(memory.heapTotal)} MB, external ${mb(memory.external)} MB`,
  );
}

// Held on globalThis: a module-level array nobody reads would be collected.
const ballast: unknown[] = ((globalThis as { benchBallast?: unknown[] }).benchBallast = []);
for (let i = 0; i < Number(process.env.BALLAST_MB ?? 0) * 1024; i++) ballast.push(Array.from({ length: 100 }, (_, j) => ({ j })));

async function main(): Promise<void> {
  // First use of the engine, the store and the hash's WebAssembly, as in a running server.
  await analyseImage({ ref: "local/busybox:1" });
  printMemory("warm");
  for (let round = 1; round <= rounds; round++) {
    emptyStore();
    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      peakHeap = Math.max(peakHeap, v8.getHeapStatistics().used_heap_size);
    }, 50);
    const started = Date.now();
    const cpu = process.cpuUsage();
    await analyseImage({ ref: image });
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    console.log(
      `round ${round}: ${Date.now() - started} ms, CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, peak RSS ${mb(peakRss)} MB, peak heap ${mb(peakHeap)} MB`,
    );
    printMemory(`after round ${round}`);
    if (process.env.SNAPSHOTS === "1" && (round === 1 || round === rounds))
      console.log(v8.writeHeapSnapshot(`analysis-round${round}.heapsnapshot`));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
