/**
 * `npm run analyze -- IMAGE [--ci] [--lowest-efficiency 0.9] [--highest-wasted-bytes 20MB]
 * [--highest-user-wasted-percent 0.1] [--ci-config .dive-ci] [--json]`: the layer analysis for a
 * terminal or a CI pipeline (lib/layers/cli.ts), talking to the engine at DOCKER_HOST directly.
 *
 * The dashboard's modules are server modules (`import "server-only"`), loadable only under the
 * `react-server` export condition, and import through the `@/` paths of this repository's
 * tsconfig. So that `npx tsx scripts/analyze.ts …` works from any folder too, this file re-runs
 * itself with both when they are missing (one extra Node start, ~0.3 s).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..");
const tsconfig = path.join(repoRoot, "tsconfig.json");
const reactServer = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) => arg.includes("react-server"));
const pathsResolve = process.env.TSX_TSCONFIG_PATH ? process.env.TSX_TSCONFIG_PATH === tsconfig : path.resolve(process.cwd()) === repoRoot;

if (!reactServer || !pathsResolve) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", __filename, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
  process.exit(child.status ?? 2);
} else {
  void (async () => {
    const { runAnalyzeCli } = await import("../lib/layers/cli");
    const code = await runAnalyzeCli(process.argv.slice(2), {
      repoRoot,
      io: { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
    });
    // The engine client keeps an event stream open; end once stdout has been written out.
    process.stdout.write("", () => process.exit(code));
  })();
}
