/** Runs the benchmarks and prints their figures (the README's performance section quotes them). */
import { benchImagesList } from "./images-list";

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

async function main(): Promise<void> {
  const list = await benchImagesList();
  console.log("\n== GET /api/images vs engine GET /images/json");
  for (const [key, value] of Object.entries(list)) console.log(`  ${key.padEnd(16)} ${format(value)}`);
  const target = 1.3;
  const ok = list.ratioP50! <= target && list.ratioP95! <= target;
  console.log(`  target ratio <= ${target}: ${ok ? "met" : "NOT met"}`);
  console.log(`\nbench-json ${JSON.stringify({ imagesList: list })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
