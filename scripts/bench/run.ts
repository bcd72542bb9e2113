/** Runs the benchmarks and prints their figures (the README's performance section quotes them). */
import { benchImagesList } from "./images-list";
import { benchTransfers } from "./transfers";

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function print(title: string, figures: Record<string, number>): void {
  console.log(`\n== ${title}`);
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(18)} ${format(value)}`);
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const results: Record<string, Record<string, number>> = {};
  if (!only || only === "list") {
    const list = await benchImagesList();
    print("GET /api/images vs engine GET /images/json", list);
    console.log(`  target ratio <= 1.3: ${list.ratioP50! <= 1.3 && list.ratioP95! <= 1.3 ? "met" : "NOT met"}`);
    results.imagesList = list;
  }
  if (!only || only === "transfers") {
    const transfers = await benchTransfers();
    print("~1 GB import / load / push: dashboard vs docker CLI", transfers);
    const ratios = [transfers.importRatio!, transfers.loadRatio!, transfers.pushRatio!];
    console.log(`  target ratio <= 1.15: ${ratios.every((ratio) => ratio <= 1.15) ? "met" : "NOT met"}`);
    console.log(`  target peak RSS < 300 MB: ${transfers.serverPeakRssMb! < 300 ? "met" : "NOT met"}`);
    results.transfers = transfers;
  }
  console.log(`\nbench-json ${JSON.stringify(results)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
