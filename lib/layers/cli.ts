import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAppError } from "@/lib/errors";
import { formatBytes } from "@/lib/format/bytes";
import { analyseImage } from "@/lib/layers/actions";
import {
  CI_RULE_KEYS,
  evaluateCiRules,
  parseDiveCiFile,
  resolveCiRules,
  type CiEvaluation,
  type CiRuleKey,
  type CiRuleValues,
} from "@/lib/layers/analysis/ci-rules";
import { getLayerStore, setLayerStore, SqliteLayerStore, type LayerStore } from "@/lib/layers/store";
import type { AnalysisProgressLine, LayerAnalysis } from "@/lib/layers/types";

/**
 * `npm run analyze -- IMAGE [--ci] [--lowest-efficiency 0.9] [--highest-wasted-bytes 20MB]
 * [--highest-user-wasted-percent 0.1] [--ci-config .dive-ci] [--json]`: the layer analysis in a
 * terminal or a pipeline, talking to the engine at DOCKER_HOST and nothing else. With a configured
 * dashboard database (DATABASE_URL or DASHBOARD_DATA_DIR naming a migrated one) it shares the
 * dashboard's store; otherwise it works in a temporary store that is removed at exit (the entries
 * still stay out of memory). Exit codes: with `--ci`, 1 when a rule fails; 2 on an error (an
 * unknown image, a bad option, an unreachable engine); 0 otherwise.
 */

export const USAGE = `Usage: npm run analyze -- IMAGE [options]

Shows what each layer of IMAGE holds, what is wasted and why, with the fix.

Options:
  --ci                                 evaluate dive's CI rules; exit 1 when one fails
  --lowest-efficiency VALUE            fail below this efficiency (0-1; default 0.9)
  --highest-wasted-bytes SIZE          fail above this much waste (e.g. 20MB; default disabled)
  --highest-user-wasted-percent VALUE  fail above this user-waste fraction (0-1; default 0.1)
  --ci-config FILE                     dive's .dive-ci rules file (default: ./.dive-ci if present)
  --json                               print the analysis as JSON, and nothing else, on stdout
  -h, --help                           this text

Any rule can be "disabled". Flags override the file; the file overrides dive's defaults.
Exit codes: 0 ok, 1 a CI rule failed (with --ci), 2 an error.`;

export type AnalyzeOptions = {
  image: string;
  ci: boolean;
  json: boolean;
  ciConfig: string | null;
  overrides: CiRuleValues;
};

/** Thrown for a bad command line: exit code 2 with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

const RULE_FLAGS: Record<string, CiRuleKey> = {
  "lowest-efficiency": "lowestEfficiency",
  "highest-wasted-bytes": "highestWastedBytes",
  "highest-user-wasted-percent": "highestUserWastedPercent",
};

/**
 * @example parseAnalyzeArgs(["seed/fat:1", "--ci", "--highest-wasted-bytes", "20MB"])
 * // { image: "seed/fat:1", ci: true, json: false, ciConfig: null, overrides: { highestWastedBytes: "20MB" } }
 */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ci: { type: "boolean" },
        json: { type: "boolean" },
        "ci-config": { type: "string" },
        help: { type: "boolean", short: "h" },
        ...Object.fromEntries(Object.keys(RULE_FLAGS).map((flag) => [flag, { type: "string" as const }])),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? "name the image to analyse" : "analyse one image at a time");
  const overrides: CiRuleValues = {};
  for (const [flag, key] of Object.entries(RULE_FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === "string") overrides[key] = value;
  }
  return {
    image: positionals[0]!,
    ci: values.ci === true,
    json: values.json === true,
    ciConfig: typeof values["ci-config"] === "string" ? values["ci-config"] : null,
    overrides,
  };
}

/** The `.dive-ci` rules: the file named, else ./.dive-ci when it exists (as dive does), else none. */
function readRulesFile(ciConfig: string | null, cwd: string, warn: (line: string) => void): CiRuleValues {
  const file = path.resolve(cwd, ciConfig ?? ".dive-ci");
  if (!fs.existsSync(file)) {
    if (ciConfig !== null) throw new UsageError(`the CI config ${ciConfig} does not exist`);
    return {};
  }
  const { rules, warnings } = parseDiveCiFile(fs.readFileSync(file, "utf8"));
  for (const warning of warnings) warn(`${path.basename(file)}: ${warning}`);
  return rules;
}

/**
 * Uses the dashboard's store when one is configured and migrated, else a temporary one. Returns
 * what to call at the end.
 */
async function openStore(repoRoot: string, note: (line: string) => void): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL || process.env.DASHBOARD_DATA_DIR) {
    let store: LayerStore | null = null;
    try {
      store = getLayerStore();
      await store.ready();
      const configured = store;
      return () => configured.close();
    } catch (error) {
      await store?.close().catch(() => undefined);
      note(`not using the configured database (${(error as Error).message}); analysing in a temporary store`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-"));
  // The configuration names a data directory even when nothing is stored; point it at this run's
  // folder so that no ./data appears wherever the command runs.
  if (!process.env.DATABASE_URL) process.env.DASHBOARD_DATA_DIR = dir;
  const migrations = path.join(repoRoot, "prisma", "migrations");
  const folder = fs.readdirSync(migrations).find((name) => name.endsWith("_layer_analysis"));
  if (!folder) throw new Error(`no *_layer_analysis migration in ${migrations}`);
  const store = SqliteLayerStore.openTemporary(fs.readFileSync(path.join(migrations, folder, "migration.sql"), "utf8"), dir);
  setLayerStore(store);
  return async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}

/** The report a person reads: the figures, the layers, the biggest waste, the advice. */
export function formatSummary(analysis: LayerAnalysis, image: string): string {
  const lines: string[] = [];
  lines.push(`Image: ${image} (${analysis.imageId.slice(7, 19)})`);
  lines.push(`  efficiency:           ${percent(analysis.efficiency)}`);
  lines.push(`  wasted bytes:         ${analysis.wastedBytes} bytes (${formatBytes(analysis.wastedBytes)})`);
  lines.push(`  user wasted bytes:    ${analysis.userWastedBytes} bytes (${formatBytes(analysis.userWastedBytes)})`);
  lines.push(`  user wasted percent:  ${percent(analysis.userWastedPercent)}`);
  lines.push(`  stored / visible:     ${formatBytes(analysis.totalBytes)} / ${formatBytes(analysis.visibleBytes)}`);
  const base = analysis.baseImage ? `${analysis.baseImage.repoTags[0] ?? analysis.baseImage.id.slice(7, 19)}` : "not found (layer 0)";
  lines.push(`  base image:           ${base}, ${analysis.baseLayers} layer${analysis.baseLayers === 1 ? "" : "s"}`);
  lines.push("", "Layers:", "  #   size      wasted    +/~/-             instruction");
  for (const layer of analysis.layers) {
    const marks = `${layer.files.added}/${layer.files.changed}/${layer.files.deleted}`;
    const instruction = (layer.instruction || (layer.createdBy === "" ? "(imported: no Dockerfile step)" : "(unknown step)")).replace(
      /\s+/g,
      " ",
    );
    lines.push(
      `  ${String(layer.index).padEnd(3)} ${formatBytes(layer.size).padEnd(9)} ${formatBytes(layer.wastedBytes).padEnd(9)} ${marks.padEnd(17)} ${layer.inBase ? "[base] " : ""}${instruction.length > 70 ? `${instruction.slice(0, 69)}…` : instruction}`,
    );
  }
  if (analysis.waste.length > 0) {
    lines.push("", `Wasted (${analysis.wasteCount} file version${analysis.wasteCount === 1 ? "" : "s"}, biggest first):`);
    for (const item of analysis.waste.slice(0, 10)) {
      lines.push(
        `  ${formatBytes(item.bytes).padEnd(9)} ${item.path}  (written by layer ${item.writtenBy}, ${item.reason} by layer ${item.hiddenBy})`,
      );
    }
    if (analysis.wasteCount > 10) lines.push(`  … and ${analysis.wasteCount - 10} more`);
  }
  if (analysis.advice.length > 0) {
    lines.push("", "Advice:");
    for (const advice of analysis.advice) lines.push(`  - ${advice.title}`, `    ${advice.detail}`);
  }
  return lines.join("\n");
}

/** dive's CI report: one line per rule, then the verdict. */
export function formatCi(evaluation: CiEvaluation): string {
  const lines = ["", "CI rules:"];
  for (const result of evaluation.results) {
    const label = result.status === "pass" ? "PASS" : result.status === "fail" ? "FAIL" : "SKIP";
    lines.push(`  ${label}: ${result.rule}${result.message ? `: ${result.message}` : ""}`);
  }
  const count = (status: string) => evaluation.results.filter((result) => result.status === status).length;
  lines.push(
    `Result: ${evaluation.pass ? "PASS" : "FAIL"} [Total:${CI_RULE_KEYS.length}] [Passed:${count("pass")}] [Failed:${count("fail")}] [Skipped:${count("disabled")}]`,
  );
  return lines.join("\n");
}

function progressText(line: AnalysisProgressLine): string {
  if (line.phase === "preparing") return `the engine prepares the archive… ${(line.elapsedMs / 1000).toFixed(1)} s`;
  if (line.phase === "computing" || line.phase === "done") return "computing…";
  const total = line.totalBytes ? ` of ~${formatBytes(line.totalBytes)}` : "";
  return `reading ${formatBytes(line.bytesRead)}${total}, layer ${line.layersDone + 1}/${line.layersTotal ?? "?"} (${line.layersSkipped} already known)`;
}

export type CliIo = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean }; cwd: string };

/**
 * Runs the command; resolves with the exit code.
 *
 * @example process.exitCode = await runAnalyzeCli(process.argv.slice(2), { repoRoot, io })
 */
export async function runAnalyzeCli(argv: readonly string[], { repoRoot, io }: { repoRoot: string; io: CliIo }): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  let options: AnalyzeOptions | "help";
  try {
    options = parseAnalyzeArgs(argv);
  } catch (error) {
    say(`analyze: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { image, ci, json, ciConfig, overrides } = options;
  let close: (() => Promise<void>) | null = null;
  try {
    // Rules first: a bad value or a missing file fails before the image is read.
    const rules = ci ? resolveCiRules({ file: readRulesFile(ciConfig, io.cwd, say), overrides }) : null;
    if (!ci && (Object.keys(overrides).length > 0 || ciConfig !== null)) say("analyze: rule options take effect with --ci");
    close = await openStore(repoRoot, say);
    const live = io.stderr.isTTY === true;
    const analysis = await analyseImage({
      ref: image,
      onProgress: live ? (line) => io.stderr.write(`\r\u001b[2K${progressText(line)}`) : undefined,
    });
    if (live) io.stderr.write("\r\u001b[2K");
    const evaluation = rules ? evaluateCiRules(analysis, rules) : null;
    if (json) {
      io.stdout.write(`${JSON.stringify(evaluation ? { ...analysis, ci: evaluation } : analysis)}\n`);
    } else {
      io.stdout.write(`${formatSummary(analysis, image)}\n`);
      if (evaluation) io.stdout.write(`${formatCi(evaluation)}\n`);
    }
    return evaluation && !evaluation.pass ? 1 : 0;
  } catch (error) {
    say(`analyze: ${error instanceof UsageError || isAppError(error) ? error.message : String((error as Error)?.stack ?? error)}`);
    return 2;
  } finally {
    await close?.();
  }
}
