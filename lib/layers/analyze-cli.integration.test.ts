import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { requireSandboxEngine } from "@/lib/testing/docker-cli";
import type { LayerAnalysis } from "@/lib/layers/types";

requireSandboxEngine();

const repo = process.cwd();
const MiB = 1024 * 1024;

/** The CLI as a pipeline runs it; no dashboard, no database unless `env` names one. */
function analyze(args: string[], { cwd = repo, env = {} }: { cwd?: string; env?: Record<string, string> } = {}) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.DASHBOARD_DATA_DIR;
  // From the repository `npx tsx` finds the local tsx; elsewhere call the same binary by its path.
  const [command, prefix] = cwd === repo ? ["npx", ["tsx"]] : [path.join(repo, "node_modules", ".bin", "tsx"), []];
  const result = spawnSync(command, [...prefix, path.join(repo, "scripts", "analyze.ts"), ...args], {
    cwd,
    env: { ...base, ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run analyze (the CLI)", () => {
  let work: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-cli-"));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  test("--ci with dive's defaults: the fat image fails (exit 1) and says why; without --ci it exits 0", () => {
    const failed = analyze(["seed/fat:1", "--ci"]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.match(failed.stdout, /FAIL: lowestEfficiency/);
    assert.match(failed.stdout, /FAIL: highestUserWastedPercent/);
    assert.match(failed.stdout, /SKIP: highestWastedBytes/);
    assert.match(failed.stdout, /\/data\/big\.bin/);
    const plain = analyze(["seed/fat:1"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /CI rules/);
  });

  test("--json prints the analysis as JSON and nothing else on stdout", () => {
    const { code, stdout, stderr } = analyze([
      "seed/fat:1",
      "--json",
      "--ci",
      "--lowest-efficiency",
      "0.01",
      "--highest-user-wasted-percent",
      "disabled",
    ]);
    assert.equal(code, 0, stderr);
    const analysis = JSON.parse(stdout) as LayerAnalysis;
    assert.equal(analysis.wastedBytes, 50 * MiB);
    assert.ok(analysis.efficiency < 0.05);
    assert.equal(analysis.ci?.pass, true);
  });

  test("a .dive-ci in the working folder is read; flags override it; --ci-config names another file", () => {
    fs.writeFileSync(path.join(work, ".dive-ci"), "rules:\n  lowestEfficiency: 0.01\n  highestUserWastedPercent: disabled\n");
    const fromFile = analyze(["seed/fat:1", "--ci"], { cwd: work });
    assert.equal(fromFile.code, 0, fromFile.stderr + fromFile.stdout);
    assert.match(fromFile.stdout, /Result: PASS/);
    assert.equal(fs.existsSync(path.join(work, "data")), false, "no data folder appears where the command runs");
    const overridden = analyze(["seed/fat:1", "--ci", "--lowest-efficiency", "0.5"], { cwd: work });
    assert.equal(overridden.code, 1);

    const strict = path.join(work, "strict.yaml");
    fs.writeFileSync(strict, "rules:\n  lowestEfficiency: disabled\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n");
    const wasteRule = analyze(["seed/fat:1", "--ci", "--ci-config", strict]);
    assert.equal(wasteRule.code, 1);
    assert.match(wasteRule.stdout, /FAIL: highestWastedBytes/);
    assert.equal(analyze(["seed/fat:1", "--ci", "--ci-config", strict, "--highest-wasted-bytes", "60MB"]).code, 0);
  });

  test("errors exit 2: an unknown image, a bad rule value, a missing config file, a bad option", () => {
    const unknown = analyze(["no-such/image:1", "--ci"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no-such\/image:1/);
    assert.equal(analyze(["seed/fat:1", "--ci", "--lowest-efficiency", "2"]).code, 2);
    assert.equal(analyze(["seed/fat:1", "--ci", "--ci-config", path.join(work, "missing.yaml")]).code, 2);
    const bad = analyze(["seed/fat:1", "--frobnicate"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Usage: npm run analyze/);
  });

  test("with a configured dashboard database it uses (and fills) the dashboard's store", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-cli-db-"));
    try {
      execFileSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
        env: { ...process.env, DASHBOARD_DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "dashboard.db")}` },
        stdio: "ignore",
      });
      const { code, stderr } = analyze(["seed/web:1"], { env: { DASHBOARD_DATA_DIR: dataDir } });
      assert.equal(code, 0, stderr);
      const rows = execFileSync(
        process.execPath,
        [
          "-e",
          `const D=require("better-sqlite3");console.log(new D(process.argv[1]).prepare('SELECT count(*) AS n FROM "ImageAnalysis"').get().n)`,
          path.join(dataDir, "dashboard.db"),
        ],
        { encoding: "utf8" },
      );
      assert.equal(rows.trim(), "1");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
