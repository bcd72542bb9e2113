/**
 * Load: signed-in clients on the mix a dashboard's users make (`GET /api/images`, one image's
 * detail, `GET /api/containers`, `GET /api/audit?limit=20` and the `/images` page, in turn).
 *
 * - saturation: BENCH_LOAD_CONNECTIONS clients (50) send the mix with no pause; throughput is
 *   answered requests per second. Also each part of the mix alone at 10 clients, and
 *   `GET /api/engine` (every open tab polls it). Target: the mix ≥ 200 req/s on 2 cores.
 * - users: BENCH_LOAD_USERS users (200), each with its own session, one request of the mix, then
 *   1 s of think time, for BENCH_LOAD_USERS_SECONDS. Targets: p95 ≤ 300 ms, 0 errors.
 *
 * The saturation runs are repeated BENCH_LOAD_ROUNDS times (3) and the median reported, with the
 * server's CPU time per request (which other work on the machine moves much less than req/s) and
 * the share of the CPU that processes outside the benchmark took meanwhile, so a figure from a
 * busy machine can be told from one from a quiet machine. BENCH_LOAD_URL runs against a server
 * already running (e.g. one under `node --cpu-prof`; BENCH_LOAD_PGID names its process group for
 * the CPU figures), signed in as ADMIN_USERNAME / ADMIN_PASSWORD.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import autocannon from "autocannon";
import pLimit from "p-limit";
import { signIn, TEST_ADMIN, type DashboardClient } from "../../lib/testing/http-client";
import { startServer, type RunningServer } from "../../lib/testing/server";
import { engineRequest } from "./engine-http";

const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = number("BENCH_LOAD_CONNECTIONS", 50);
const SECONDS = number("BENCH_LOAD_SECONDS", 15);
const ALONE_CONNECTIONS = 10;
const ALONE_SECONDS = number("BENCH_LOAD_ALONE_SECONDS", 8);
const ROUNDS = number("BENCH_LOAD_ROUNDS", 3);
const USERS = number("BENCH_LOAD_USERS", 200);
const USERS_SECONDS = number("BENCH_LOAD_USERS_SECONDS", 30);
export const THINK_MS = 1000;
// Sessions the saturation clients take turns with (each user of the users run has its own).
const SATURATION_SESSIONS = 20;
const CONTAINERS = ["bench-load-1", "bench-load-2", "bench-load-3"];

function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const median = (values: number[]) => percentile(values, 50);

/** Busy jiffies of the whole machine, and of the given processes (with their children's). */
function cpuJiffies(pids: number[]): { machine: number; ours: number } {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const machine = fields.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  let ours = 0;
  const wanted = new Set(pids);
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // rest[1] is the parent (dockerd's containerd has a group of its own), rest[2] the process
      // group; utime and stime are fields 14 and 15 (rest[11], rest[12]).
      if (wanted.has(Number(entry)) || wanted.has(Number(rest[1])) || wanted.has(Number(rest[2])))
        ours += Number(rest[11]) + Number(rest[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return { machine, ours };
}

/**
 * Percent of the machine's CPU (all cores) that processes other than the benchmark, the server
 * and the engine took while `fn` ran: the noise in the figures.
 */
export async function withNoise<T>(pids: number[], fn: () => Promise<T>): Promise<{ result: T; otherCpuPct: number }> {
  const before = cpuJiffies(pids);
  const start = Date.now();
  const result = await fn();
  const after = cpuJiffies(pids);
  const elapsedJiffies = ((Date.now() - start) / 1000) * 100 * os.cpus().length;
  const other = Math.max(0, after.machine - before.machine - (after.ours - before.ours));
  return { result, otherCpuPct: (100 * other) / elapsedJiffies };
}

/** CPU jiffies (1/100 s) the processes of a process group have used so far. */
function groupJiffies(pgid: number | null): number {
  if (pgid === null) return NaN;
  let jiffies = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[2]) === pgid) jiffies += Number(rest[11]) + Number(rest[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return jiffies;
}

type Saturation = { rps: number; p50: number; p95: number; errors: number; serverCpuMs: number };

/**
 * `connections` clients sending `paths` in turn with no pause, each request with the next session.
 * `serverCpuMs` is the server's CPU time per answered request: unlike req/s, it moves little when
 * other work shares the machine.
 */
async function saturate(
  baseUrl: string,
  cookies: string[],
  paths: string[],
  { connections, seconds, serverGroup }: { connections: number; seconds: number; serverGroup: number | null },
): Promise<Saturation> {
  let next = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: paths.map((path) => ({
      method: "GET" as const,
      path,
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        headers: { ...request.headers, cookie: cookies[next++ % cookies.length]! },
      }),
    })),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const cpuBefore = groupJiffies(serverGroup);
  const result = await instance;
  const serverCpuMs = ((groupJiffies(serverGroup) - cpuBefore) * 10) / Math.max(1, result["2xx"]);
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    rps: result["2xx"] / (result.duration || seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    errors,
    serverCpuMs,
  };
}

/** One GET on a keep-alive connection of its own; resolves with the status, or why there is none. */
function get(agent: http.Agent, baseUrl: URL, path: string, cookie: string): Promise<number | string> {
  const failed = (error: NodeJS.ErrnoException) => error.code ?? error.message;
  return new Promise((resolve) => {
    const request = http.get(
      { host: baseUrl.hostname, port: baseUrl.port, path, agent, headers: { cookie }, timeout: 10_000 },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", (error) => resolve(failed(error)));
      },
    );
    request.on("timeout", () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", (error) => resolve(failed(error)));
  });
}

/** `cookies.length` users, each: one request of the mix, wait for it, think 1 s, next request. */
export async function users(baseUrl: string, cookies: string[], paths: string[], seconds: number) {
  const url = new URL(baseUrl);
  const latencies: number[] = [];
  const byPath = new Map<string, number[]>(paths.map((path) => [path, []]));
  // "GET /path: status or error" -> count
  const failures = new Map<string, number>();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, user) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      // Users arrive over the first second and start at different places in the mix.
      await new Promise((resolve) => setTimeout(resolve, (user * THINK_MS) / cookies.length));
      for (let turn = user; Date.now() < deadline; turn++) {
        const start = performance.now();
        const path = paths[turn % paths.length]!;
        const status = await get(agent, url, path, cookie);
        latencies.push(performance.now() - start);
        byPath.get(path)!.push(performance.now() - start);
        if (status !== 200) failures.set(`GET ${path}: ${status}`, (failures.get(`GET ${path}: ${status}`) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, THINK_MS));
      }
      agent.destroy();
    }),
  );
  console.log(
    `load: users' p95 by path: ${[...byPath].map(([path, times]) => `${path} ${percentile(times, 95).toFixed(0)} ms`).join(", ")}`,
  );
  if (failures.size) console.log(`load: users' errors: ${[...failures].map(([what, count]) => `${what} x${count}`).join(", ")}`);
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    errors: [...failures.values()].reduce((sum, count) => sum + count, 0),
  };
}

/** A few containers for `GET /api/containers` to list (two running, one stopped), made once. */
export async function ensureContainers(socketPath: string, image: string): Promise<void> {
  for (const [index, name] of CONTAINERS.entries()) {
    const existing = await engineRequest({ socketPath, path: `/containers/${name}/json` });
    if (existing.status === 200) continue;
    const body = Buffer.from(JSON.stringify({ Image: image, Cmd: ["sleep", "3600"], HostConfig: { NetworkMode: "none" } }));
    const created = await engineRequest({
      socketPath,
      method: "POST",
      path: `/containers/create?name=${name}`,
      body,
      headers: { "content-type": "application/json" },
    });
    if (created.status !== 201) throw new Error(`create ${name}: ${created.body.toString()}`);
    if (index < 2) {
      const started = await engineRequest({ socketPath, method: "POST", path: `/containers/${name}/start` });
      if (started.status >= 300) console.log(`load: could not start ${name} (${started.body.toString().trim()}); it stays created`);
    }
  }
}

export async function removeContainers(socketPath: string): Promise<void> {
  for (const name of CONTAINERS) await engineRequest({ socketPath, method: "DELETE", path: `/containers/${name}?force=true` });
}

export async function detailImage(socketPath: string): Promise<string> {
  for (const candidate of ["seed/web:1", "seed/entry:1", "local/busybox:1"]) {
    const inspected = await engineRequest({ socketPath, path: `/images/${encodeURIComponent(candidate)}/json` });
    if (inspected.status === 200) return candidate;
  }
  throw new Error("load: no image for the detail request (run sandbox_import_base first)");
}

export async function benchLoad(): Promise<Record<string, number>> {
  const dockerHost = process.env.DOCKER_HOST!;
  const socketPath = dockerHost.slice("unix://".length);
  const image = await detailImage(socketPath);
  await ensureContainers(socketPath, "local/busybox:1");
  const images = JSON.parse((await engineRequest({ socketPath, path: "/images/json" })).body.toString()) as unknown[];

  const parts = {
    imagesApi: "/api/images",
    detailApi: `/api/images/${encodeURIComponent(image)}`,
    containersApi: "/api/containers",
    auditApi: "/api/audit?limit=20",
    page: "/images",
  };
  const mix = Object.values(parts);
  // Alone at 10 clients: each part of the mix, and what every open tab polls.
  const alone: Record<string, string> = { ...parts, engine: "/api/engine" };

  const external = process.env.BENCH_LOAD_URL;
  let server: RunningServer | null = null;
  try {
    server = external ? null : await startServer({ DOCKER_HOST: dockerHost });
    const baseUrl = external ?? server!.baseUrl;
    const serverGroup = server ? server.pid : process.env.BENCH_LOAD_PGID ? Number(process.env.BENCH_LOAD_PGID) : null;
    // This process's group holds the benchmark (and, under `npm run bench`, the engine); the
    // server runs in a group of its own.
    const ownGroup = Number(fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ")[2]);
    const watched = [process.pid, ownGroup, ...(serverGroup === null ? [] : [serverGroup])];
    const sandbox = process.env.SANDBOX_DIR;
    if (sandbox && fs.existsSync(`${sandbox}/dockerd.pid`)) watched.push(Number(fs.readFileSync(`${sandbox}/dockerd.pid`, "utf8")));

    const admin = {
      username: process.env.ADMIN_USERNAME || TEST_ADMIN.username,
      password: process.env.ADMIN_PASSWORD || TEST_ADMIN.password,
    };
    console.log(`load: ${images.length} images, detail of ${image}, ${CONTAINERS.length} containers; signing in ${USERS} sessions ...`);
    const limit = pLimit(4);
    const clients: DashboardClient[] = await Promise.all(
      Array.from({ length: Math.max(USERS, SATURATION_SESSIONS) }, () => limit(() => signIn(baseUrl, admin.username, admin.password))),
    );
    const cookies = clients.map((client) => client.cookie!);
    for (const path of Object.values(alone)) {
      const response = await clients[0]!.fetch(path);
      if (response.status !== 200) throw new Error(`load: GET ${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
    const sessions = cookies.slice(0, SATURATION_SESSIONS);
    // A running server has served its pages before: warm up (JIT, first-use setup, caches).
    await saturate(baseUrl, sessions, mix, { connections: CONNECTIONS, seconds: 3, serverGroup });

    const runs: Record<string, Saturation[]> = { mix: [], ...Object.fromEntries(Object.keys(alone).map((key) => [key, []])) };
    const noise: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured = await withNoise(watched, async () => {
        runs.mix!.push(await saturate(baseUrl, sessions, mix, { connections: CONNECTIONS, seconds: SECONDS, serverGroup }));
        for (const [key, path] of Object.entries(alone)) {
          runs[key]!.push(
            await saturate(baseUrl, sessions, [path], { connections: ALONE_CONNECTIONS, seconds: ALONE_SECONDS, serverGroup }),
          );
        }
      });
      noise.push(measured.otherCpuPct);
      const line = Object.entries(runs)
        .map(([key, list]) => `${key} ${list.at(-1)!.rps.toFixed(0)}/s`)
        .join(", ");
      console.log(`load: round ${round + 1}/${ROUNDS}: ${line}; other processes ${measured.otherCpuPct.toFixed(0)}% CPU`);
    }

    console.log(`load: ${Math.min(USERS, cookies.length)} users, 1 request then ${THINK_MS} ms think time, for ${USERS_SECONDS} s ...`);
    const usersRun = await withNoise(watched, () => users(baseUrl, cookies.slice(0, USERS), mix, USERS_SECONDS));

    const figures: Record<string, number> = { images: images.length, rounds: ROUNDS, mixConnections: CONNECTIONS };
    for (const [key, list] of Object.entries(runs)) {
      if (!list.length) continue; // BENCH_LOAD_ROUNDS=0: the users run alone
      // The round with the median throughput stands for the part: its latencies go with its req/s.
      const run = [...list].sort((left, right) => left.rps - right.rps)[Math.floor(list.length / 2)]!;
      figures[`${key}Rps`] = run.rps;
      figures[`${key}P50Ms`] = run.p50;
      figures[`${key}P95Ms`] = run.p95;
      figures[`${key}CpuMs`] = median(list.map((entry) => entry.serverCpuMs));
      figures[`${key}Errors`] = list.reduce((sum, entry) => sum + entry.errors, 0);
    }
    return {
      ...figures,
      saturationOtherCpuPct: median(noise),
      users: USERS,
      usersRps: usersRun.result.rps,
      usersP50Ms: usersRun.result.p50,
      usersP95Ms: usersRun.result.p95,
      usersErrors: usersRun.result.errors,
      usersOtherCpuPct: usersRun.otherCpuPct,
      loadAverage1m: os.loadavg()[0]!,
    };
  } finally {
    await server?.stop();
    await removeContainers(socketPath);
  }
}
