/**
 * The layer analysis through the dashboard server against `docker save IMAGE > /dev/null` in the
 * same run (`BENCH_ONLY=analysis npm run bench`): a ~1 GB image of ~50,000 files and a ~3 GB
 * image of big files, built in the private engine. Reports the cold analysis time and its ratio to
 * the save alone (target ≤ 1.25x: the analysis reads the same stream once), the server's peak RSS
 * during each (target ≤ 300 MB for both: memory does not grow with the image), the second request
 * (target ≤ 50 ms: answered from the store), and an image sharing all but its top layer with an
 * analysed one (target: only the new layer's bytes are parsed).
 *
 * Knobs: BENCH_ANALYSIS_FILES (50000), BENCH_ANALYSIS_FILES_MB (1024), BENCH_ANALYSIS_BIG_GB (3),
 * BENCH_ANALYSIS_ROUNDS (3), BENCH_ANALYSIS_KEEP=1 (reuse the three images when the engine has them
 * already, and leave them there: for repeated runs against one engine), BENCH_ANALYSIS_ONLY=files|big
 * (measure one of the two images), BENCH_ANALYSIS_SERVER_LOG=FILE (write the server's output there).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { signIn, TEST_ADMIN, type DashboardClient } from "../../lib/testing/http-client";
import { startServer, type RunningServer } from "../../lib/testing/server";

const FILES = Number(process.env.BENCH_ANALYSIS_FILES ?? 50_000);
const FILES_MB = Number(process.env.BENCH_ANALYSIS_FILES_MB ?? 1024);
const BIG_GB = Number(process.env.BENCH_ANALYSIS_BIG_GB ?? 3);
const ROUNDS = Number(process.env.BENCH_ANALYSIS_ROUNDS ?? 3);
const KEEP = process.env.BENCH_ANALYSIS_KEEP === "1";
/** Which of the two images to measure (`files`, `big`; default both): one alone for quicker iterations. */
const ONLY = process.env.BENCH_ANALYSIS_ONLY ?? "";

const IMAGES = { files: "bench/analysis-files:1", big: "bench/analysis-big:1", shared: "bench/analysis-files-top:1" };

function docker(args: string[], options: { input?: string } = {}): string {
  const result = spawnSync("docker", args, { input: options.input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`docker ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

type ProcStat = { pid: number; ppid: number; comm: string; pgid: number; ticks: number };

function procStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      stats.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm,
        pgid: Number(fields[2]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return stats;
}

/** The server group's processes, found once: sampling only them keeps the sampler itself cheap. */
function serverPids(pgid: number): number[] {
  return procStats()
    .filter((stat) => stat.pgid === pgid)
    .map((stat) => stat.pid);
}

/** Resident memory of the largest of `pids` (the Next.js server). */
function largestRss(pids: readonly number[]): number {
  let largest = 0;
  for (const pid of pids) {
    try {
      largest = Math.max(largest, Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024);
    } catch {
      // ended
    }
  }
  return largest;
}

// The benchmark's own work: the server, the engine and the docker CLI, and this process.
// Found by process tree, not by name: the other engineers' engines and servers on this machine
// have the same names and are exactly the load to report.
function ownPids(stats: readonly ProcStat[]): Set<number> {
  const own = new Set<number>([process.pid]);
  const socket = process.env.DOCKER_HOST?.replace(/^unix:\/\//, "");
  try {
    if (socket) own.add(Number(fs.readFileSync(path.join(path.dirname(socket), "dockerd.pid"), "utf8").trim()));
  } catch {
    // an engine this benchmark did not start: count it as other work
  }
  // Descendants: the server, the docker CLI, the engine's containerd and shims.
  for (let grew = true; grew;) {
    grew = false;
    for (const stat of stats) {
      if (!own.has(stat.pid) && own.has(stat.ppid)) {
        own.add(stat.pid);
        grew = true;
      }
    }
  }
  return own;
}

/** CPU ticks of every process outside the benchmark since `before` (processes alive at both ends, plus new ones). */
function otherCpuTicksSince(before: ReadonlyMap<number, number>, serverGroup: number): number {
  let ticks = 0;
  const stats = procStats();
  const own = ownPids(stats);
  for (const stat of stats) {
    if (stat.pgid === serverGroup || own.has(stat.pid)) continue;
    ticks += stat.ticks - (before.get(stat.pid) ?? 0);
  }
  return Math.max(0, ticks);
}

let sampledPids: number[] = [];

/** CPU seconds the server's processes have used so far (what the machine's other load moves least). */
function serverCpuSeconds(ticksPerSecond: number): number {
  let ticks = 0;
  for (const pid of sampledPids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return ticks / ticksPerSecond;
}

async function measure<T>(_server: RunningServer, fn: () => Promise<T>): Promise<{ ms: number; peakRss: number; result: T }> {
  let peakRss = largestRss(sampledPids);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, largestRss(sampledPids))), 50);

  const start = process.hrtime.bigint();
  try {
    const result = await fn();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, peakRss: Math.max(peakRss, largestRss(sampledPids)), result };
  } finally {
    clearInterval(timer);
  }
}

/** `docker save IMAGE > /dev/null`, timed. */
function timeSave(image: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const devNull = fs.openSync("/dev/null", "w");
    const child = spawn("docker", ["save", image], { stdio: ["ignore", devNull, "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      fs.closeSync(devNull);
      if (code === 0) resolve(Number(process.hrtime.bigint() - start) / 1e6);
      else reject(new Error(`docker save ${image}: ${stderr}`));
    });
  });
}

/**
 * A request on a kept-alive socket that the server closed meanwhile (its keep-alive timeout is
 * 5 s; a save on the other side of the comparison takes longer) fails before anything is sent:
 * send it again on a fresh one.
 */
async function fetchOnce(client: DashboardClient, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await client.fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
    return await client.fetch(url, init);
  }
}

async function analysis(client: DashboardClient, image: string): Promise<Record<string, unknown>> {
  const response = await fetchOnce(client, `/api/images/${encodeURIComponent(image)}/analysis`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`analysis of ${image}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The analysis as a progress stream; returns the last progress line and the result. */
async function streamedAnalysis(
  client: DashboardClient,
  image: string,
): Promise<{ last: Record<string, number>; result: Record<string, unknown> }> {
  const response = await fetchOnce(client, `/api/images/${encodeURIComponent(image)}/analysis`, {
    headers: { accept: "application/x-ndjson" },
  });
  const lines = (await response.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const result = lines.at(-1)?.result as Record<string, unknown> | undefined;
  if (!result) throw new Error(`streamed analysis of ${image}: ${JSON.stringify(lines.at(-1))}`);
  const progress = lines.filter((line) => line.type === "progress");
  return { last: (progress.at(-1) ?? {}) as Record<string, number>, result };
}

/** Empties the analysis store (a cold start for the next analysis), from outside the server. */
function wipeStore(dataDir: string): void {
  const db = new Database(path.join(dataDir, "dashboard.db"), { timeout: 10_000 });
  try {
    db.exec(`DELETE FROM "AnalysedLayerEntry"; DELETE FROM "AnalysedLayer"; DELETE FROM "LayerAlias"; DELETE FROM "ImageAnalysis";`);
  } finally {
    db.close();
  }
}

export function buildImages(work: string): void {
  // ~1 GB in FILES files: two COPY layers of half each, then a RUN that deletes a tenth (some waste).
  const context = path.join(work, "files");
  const perFile = Math.floor((FILES_MB * 2 ** 20) / FILES);
  const dirs = Math.ceil(FILES / 500);
  console.log(`analysis: writing ${FILES} files of ${perFile} bytes (${FILES_MB} MB) ...`);
  const pool = randomBytes(perFile + 4096);
  const made = new Set<string>();
  for (let i = 0; i < FILES; i++) {
    const part = i < FILES / 2 ? "part1" : "part2";
    const dir = path.join(context, part, `d${String(i % dirs).padStart(3, "0")}`);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // Distinct content per file (an offset into the pool and the index), so hashes differ.
    const body = Buffer.concat([Buffer.from(`${i}\n`), pool.subarray(i % 4096, (i % 4096) + perFile)]);
    fs.writeFileSync(path.join(dir, `f${i}.bin`), body);
  }
  fs.writeFileSync(
    path.join(context, "Dockerfile"),
    "FROM local/busybox:1\nCOPY part1 /data/part1\nCOPY part2 /data/part2\nRUN rm -rf /data/part2/d00*\n",
  );
  console.log("analysis: building the files image ...");
  docker(["build", "-q", "-t", IMAGES.files, context]);
  fs.rmSync(context, { recursive: true, force: true });

  console.log(`analysis: building the ${BIG_GB} GB image ...`);
  const steps = Array.from({ length: BIG_GB }, (_, index) => `RUN dd if=/dev/urandom of=/big${index} bs=1M count=1024 2>/dev/null`);
  docker(["build", "-q", "-t", IMAGES.big, "-"], { input: `FROM local/busybox:1\n${steps.join("\n")}\n` });

  docker(["build", "-q", "-t", IMAGES.shared, "-"], { input: `FROM ${IMAGES.files}\nRUN echo top > /top\n` });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function benchAnalysis(): Promise<Record<string, number>> {
  const sandbox = process.env.SANDBOX_DIR ?? os.tmpdir();
  const work = fs.mkdtempSync(path.join(sandbox, "analysis-bench-"));
  const dataDir = fs.mkdtempSync(path.join(sandbox, "analysis-data-"));
  const present = (image: string) => spawnSync("docker", ["image", "inspect", image], { stdio: "ignore" }).status === 0;
  if (KEEP && Object.values(IMAGES).every(present)) console.log("analysis: reusing the images already built");
  else buildImages(work);
  const sizeOf = (image: string) => Number(docker(["image", "inspect", "--format", "{{.Size}}", image]));

  const server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST!, DASHBOARD_DATA_DIR: dataDir });
  try {
    const admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    // A running server has analysed something before (JIT, first database use): warm it up.
    await analysis(admin, "local/busybox:1");
    sampledPids = serverPids(server.pid);
    const idleRss = largestRss(sampledPids);
    const figures: Record<string, number> = { serverIdleRssMb: idleRss / 2 ** 20 };
    const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

    const measured = (
      [
        ["files", IMAGES.files],
        ["big", IMAGES.big],
      ] as const
    ).filter(([name]) => ONLY === "" || ONLY === name);
    for (const [name, image] of measured) {
      const saves: number[] = [];
      const colds: number[] = [];
      const coldCpu: number[] = [];
      const roundPeaks: number[] = [];
      const settled: number[] = [];
      let peakRss = 0;
      const otherBefore = new Map(procStats().map((stat) => [stat.pid, stat.ticks]));
      const wallBefore = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of round % 2 === 0 ? (["save", "app"] as const) : (["app", "save"] as const)) {
          execFileSync("sync");
          if (side === "save") saves.push(await timeSave(image));
          else {
            wipeStore(dataDir);
            execFileSync("sync");
            const cpuBefore = serverCpuSeconds(ticksPerSecond);
            const measured = await measure(server, () => analysis(admin, image));
            coldCpu.push(serverCpuSeconds(ticksPerSecond) - cpuBefore);
            colds.push(measured.ms);
            roundPeaks.push(measured.peakRss);
            peakRss = Math.max(peakRss, measured.peakRss);
            // What the server keeps once an analysis is over (its garbage collected or not).
            await new Promise((resolve) => setTimeout(resolve, 1000));
            settled.push(largestRss(sampledPids));
          }
        }
      }
      const otherCpuPct =
        (otherCpuTicksSince(otherBefore, server.pid) / ticksPerSecond / ((Date.now() - wallBefore) / 1000) / os.cpus().length) * 100;
      const seconds: number[] = [];
      for (let i = 0; i < 20; i++) seconds.push((await measure(server, () => analysis(admin, image))).ms);
      const result = await analysis(admin, image);
      console.log(
        `analysis: ${image} (${(sizeOf(image) / 1e9).toFixed(2)} GB) save ${saves.map((ms) => ms.toFixed(0)).join("/")} ms, cold analysis ${colds.map((ms) => ms.toFixed(0)).join("/")} ms (server CPU ${coldCpu.map((sec) => sec.toFixed(2)).join("/")} s), other CPU ${otherCpuPct.toFixed(0)} %, peak RSS ${roundPeaks.map((rss) => (rss / 2 ** 20).toFixed(0)).join("/")} MB (${settled.map((rss) => (rss / 2 ** 20).toFixed(0)).join("/")} MB 1 s after each), second request p50 ${median(seconds).toFixed(1)} ms`,
      );
      Object.assign(figures, {
        [`${name}Gb`]: sizeOf(image) / 1e9,
        [`${name}Files`]: (result.layers as { entryCount: number }[]).reduce((sum, layer) => sum + layer.entryCount, 0),
        [`${name}SaveMs`]: median(saves),
        [`${name}ColdMs`]: median(colds),
        [`${name}Ratio`]: median(colds) / median(saves),
        [`${name}ColdServerCpuS`]: median(coldCpu),
        [`${name}PeakRssMb`]: peakRss / 2 ** 20,
        [`${name}SecondP50Ms`]: median(seconds),
        [`${name}SecondP95Ms`]: percentile(seconds, 0.95),
        [`${name}OtherCpuPct`]: otherCpuPct,
      });
    }

    // All but the top layer are the files image's: analysed (the big image's rounds emptied the
    // store), its sibling then parses only the top layer.
    wipeStore(dataDir);
    await analysis(admin, IMAGES.files);
    const shared = await measure(server, () => streamedAnalysis(admin, IMAGES.shared));
    const layers = shared.result.result.layers as unknown[];
    console.log(
      `analysis: ${IMAGES.shared} parsed ${shared.result.last.layersParsed} of ${layers.length} layers (${shared.result.last.parsedBytes} bytes), skipped ${shared.result.last.layersSkipped}, in ${shared.ms.toFixed(0)} ms`,
    );
    Object.assign(figures, {
      sharedLayers: layers.length,
      sharedLayersParsed: shared.result.last.layersParsed ?? -1,
      sharedLayersSkipped: shared.result.last.layersSkipped ?? -1,
      sharedParsedBytes: shared.result.last.parsedBytes ?? -1,
      sharedMs: shared.ms,
    });
    return figures;
  } finally {
    await server.stop();
    // The server's own output (e.g. NODE_OPTIONS=--trace-gc), for a closer look at a run.
    if (process.env.BENCH_ANALYSIS_SERVER_LOG) fs.writeFileSync(process.env.BENCH_ANALYSIS_SERVER_LOG, server.output());
    if (!KEEP) spawnSync("docker", ["rmi", IMAGES.shared, IMAGES.files, IMAGES.big], { stdio: "ignore" });
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
