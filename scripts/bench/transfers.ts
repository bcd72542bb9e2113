/**
 * ~1 GB through the dashboard against the docker CLI doing the same, in the same run: import of a
 * root-filesystem tar, load of a docker-save archive, save and export downloads, push to a
 * registry:2 with auth, and the copy of the image to a second engine (vs `docker save | docker -H
 * … load`). Import, load, save and export also go through two hops without the dashboard: a bare
 * Node proxy (bare-proxy.mjs), the floor of any Node server in front of the engine, and a native
 * relay (socat), the floor of any hop at all; and curl does them straight on the engine's socket,
 * no hop at all: what the client itself costs against the CLI. Reports each time ratio (target ≤ 1.05x), the
 * server's peak RSS while the bytes flow (target: flat, under 300 MB: bodies are streamed, never
 * buffered) and the CPU time the server spent per GB moved.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn, TEST_ADMIN, type DashboardClient } from "../../lib/testing/http-client";
import { freePort, startServer, waitForPort, type RunningServer } from "../../lib/testing/server";

const SIZE_MB = Number(process.env.BENCH_TRANSFER_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_TRANSFER_ROUNDS ?? 5);

function docker(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync("docker", args, { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (result.status !== 0) throw new Error(`docker ${args.join(" ")}: ${result.stderr}`);
}

/** Resident memory of the server's process group: all of it, and its largest process (the Next.js server). */
function processGroupRss(pgid: number): { total: number; largest: number } {
  let total = 0;
  let largest = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0) * 1024;
      total += rss;
      largest = Math.max(largest, rss);
    } catch {
      // the process ended meanwhile
    }
  }
  return { total, largest };
}

const largestRss = (pgid: number) => processGroupRss(pgid).largest;

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU seconds (user + system) the process group `pgid` has used so far, its reaped children's included. */
function processGroupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      // utime, stime, cutime and cstime: fields 14 to 17 of stat, 12 to 15 after the state. The
      // children's share counts what exited and was reaped (the native relay forks one per connection).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Times `fn` and samples the process group `pgid` (a server's) meanwhile: its peak RSS and the CPU it spent. */
async function measure<T>(pgid: number, fn: () => Promise<T>): Promise<{ ms: number; peakRss: number; cpuSeconds: number; result: T }> {
  let peakRss = largestRss(pgid);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, largestRss(pgid))), 100);
  const cpuBefore = processGroupCpuSeconds(pgid);
  const start = process.hrtime.bigint();
  try {
    const result = await fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // A moment for a process that served the request to exit and be reaped into its parent's count.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ms, peakRss, cpuSeconds: processGroupCpuSeconds(pgid) - cpuBefore, result };
  } finally {
    clearInterval(timer);
  }
}

function timeCli(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** curl's arguments that stream `file` as a tar body, never read into memory. */
const tarUploadArgs = (file: string) => ["-H", "content-type: application/x-tar", "-T", file];

/**
 * A POST through the dashboard with curl, the script-side counterpart of the docker CLI: the file
 * is streamed as the body (`-T`), never read into memory, on a fresh connection.
 */
function post(client: DashboardClient, urlPath: string, file?: string): Promise<Record<string, unknown>> {
  return curlPost(client, urlPath, file ? tarUploadArgs(file) : ["-d", ""]);
}

/**
 * curl of `url` with `args`, its answer written to `output` (as `docker save -o` / `docker export
 * -o` write theirs); any status but 200 fails, with the start of the answer.
 */
function curlToFile(url: string, args: string[], output = "/dev/null"): Promise<void> {
  return new Promise((resolve, reject) => {
    const curl = spawn("curl", ["-sS", "-o", output, "-w", "%{http_code}", ...args, url], { stdio: ["ignore", "pipe", "pipe"] });
    let status = "";
    curl.stdout.setEncoding("utf8").on("data", (chunk: string) => (status += chunk));
    curl.stderr.setEncoding("utf8").on("data", (chunk: string) => (status += chunk));
    curl.on("error", reject);
    curl.on("close", () => {
      if (status.trim() === "200") return resolve();
      const answer = output === "/dev/null" ? "" : fs.readFileSync(output, "utf8").slice(0, 500);
      reject(new Error(`${url}: ${status} ${answer}`));
    });
  });
}

/** A download through the dashboard, signed in as `client`. */
function download(client: DashboardClient, urlPath: string, output: string): Promise<void> {
  return curlToFile(new URL(urlPath, client.baseUrl).toString(), ["-H", `cookie: ${client.cookie ?? ""}`], output);
}

/** A JSON POST through the dashboard with curl (the copy's `{"to": …}`). */
function postJson(client: DashboardClient, urlPath: string, body: unknown): Promise<Record<string, unknown>> {
  return curlPost(client, urlPath, ["-H", "content-type: application/json", "-d", JSON.stringify(body)]);
}

/** `curl -X POST` signed in as `client` with the body arguments given; resolves to the JSON answer of a 2xx. */
function curlPost(client: DashboardClient, urlPath: string, bodyArgs: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const args = ["-sS", "-X", "POST", "-H", `cookie: ${client.cookie ?? ""}`, "-H", `origin: ${client.baseUrl}`, "-w", "\n%{http_code}"];
    args.push(...bodyArgs, new URL(urlPath, client.baseUrl).toString());
    const curl = spawn("curl", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    curl.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    curl.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    curl.on("error", reject);
    curl.on("close", () => {
      const status = Number(output.slice(output.lastIndexOf("\n") + 1));
      const text = output.slice(0, output.lastIndexOf("\n"));
      if (status >= 200 && status < 300) resolve(JSON.parse(text) as Record<string, unknown>);
      else reject(new Error(`${urlPath}: ${status} ${text}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The ways timed beside the dashboard: the bare Node proxy, the native relay, and curl on the engine's socket (no hop). */
type Hop = "proxy" | "relay" | "direct";
const HOP_LABELS: Record<Hop, string> = { proxy: "bare proxy", relay: "native relay", direct: "curl on the engine's socket" };

type Sides = { reset: () => void; cli: () => void; app: () => Promise<unknown> } & Partial<Record<Hop, () => Promise<unknown>>>;
type Compared = {
  cliMs: number;
  appMs: number;
  peakRss: number;
  cpuSeconds: number;
  /** Median time and CPU of each hop the operation went through (no CPU for the direct way: it has no process). */
  hops: Partial<Record<Hop, { ms: number; cpuSeconds: number | null }>>;
};

/**
 * Times the CLI, the dashboard and the hops given (bare proxy, native relay) doing the same
 * operation, `ROUNDS` times each, rotating which goes first, each from the same starting state
 * (`reset`) with the disk's write-back flushed (`sync`) so none pays for another's writes.
 * Medians and the dashboard's peak RSS.
 */
async function compare(server: RunningServer, hops: Record<Hop, HopProcess>, what: string, sides: Sides): Promise<Compared> {
  const present = (Object.keys(HOP_LABELS) as Hop[]).filter((hop) => sides[hop]);
  const order = ["cli", "app", ...present] as const;
  const times: Record<string, number[]> = Object.fromEntries(order.map((side) => [side, []]));
  const cpuSeconds: Record<string, number[]> = Object.fromEntries(order.map((side) => [side, []]));
  let peakRss = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const rotated = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
    for (const side of rotated) {
      sides.reset();
      execFileSync("sync");
      if (side === "cli") {
        times.cli!.push(timeCli(sides.cli));
        continue;
      }
      const pid = side === "app" ? server.pid : hops[side].pid;
      if (pid === null) {
        const start = process.hrtime.bigint();
        await sides[side as Hop]!();
        times[side]!.push(Number(process.hrtime.bigint() - start) / 1e6);
        continue;
      }
      const measured = await measure(pid, side === "app" ? sides.app : sides[side]!);
      times[side]!.push(measured.ms);
      cpuSeconds[side]!.push(measured.cpuSeconds);
      if (side === "app") peakRss = Math.max(peakRss, measured.peakRss);
    }
  }
  const result: Compared = {
    cliMs: median(times.cli!),
    appMs: median(times.app!),
    peakRss,
    cpuSeconds: median(cpuSeconds.app!),
    hops: Object.fromEntries(
      present.map((hop) => [hop, { ms: median(times[hop]!), cpuSeconds: cpuSeconds[hop]!.length ? median(cpuSeconds[hop]!) : null }]),
    ),
  };
  const list = (values: number[]) => values.map((ms) => ms.toFixed(0)).join("/");
  console.log(
    `transfers: ${what} cli ${list(times.cli!)} ms, dashboard ${list(times.app!)} ms` +
      present.map((hop) => `, ${HOP_LABELS[hop]} ${list(times[hop]!)} ms`).join("") +
      ` (medians ${[result.cliMs, result.appMs, ...present.map((hop) => result.hops[hop]!.ms)].map((ms) => ms.toFixed(0)).join(" / ")}` +
      `; server CPU ${result.cpuSeconds.toFixed(2)} s` +
      present
        .filter((hop) => result.hops[hop]!.cpuSeconds !== null)
        .map((hop) => `, ${HOP_LABELS[hop]} CPU ${result.hops[hop]!.cpuSeconds!.toFixed(2)} s`)
        .join("") +
      ")",
  );
  return result;
}

/**
 * A way to the engine for curl: `baseUrl` with `curlArgs`; `pid` is the process group of the hop
 * that forwards it (null when curl talks to the engine itself).
 */
type HopProcess = { baseUrl: string; curlArgs: string[]; pid: number | null; stop: () => void };

/** The bare proxy (scripts/bench/bare-proxy.mjs) in front of the engine at `socketPath`, in its own process group. */
async function startBareProxy(socketPath: string): Promise<HopProcess> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ["scripts/bench/bare-proxy.mjs", socketPath, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bare proxy exited (${code})`)));
    child.stdout!.once("data", () => resolve());
  });
  return { baseUrl: `http://127.0.0.1:${port}`, curlArgs: [], pid: child.pid!, stop: () => child.kill() };
}

/**
 * The native relay: socat copying each TCP connection to the engine's socket and back, with the
 * same 256 KiB buffers, parsing nothing. Neither HTTP nor Node in it: what remains above the CLI
 * is the hop itself (one more process, the loopback TCP copy). Its own process group, so the
 * connection's child (reaped by socat, counted in its children's CPU) is measured with it.
 */
async function startNativeRelay(socketPath: string): Promise<HopProcess> {
  const port = await freePort();
  const child = spawn("socat", ["-b", "262144", `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `UNIX-CONNECT:${socketPath}`], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  await waitForPort(port, child, () => "the native relay (socat)");
  return { baseUrl: `http://127.0.0.1:${port}`, curlArgs: [], pid: child.pid!, stop: () => child.kill() };
}

export async function benchTransfers(): Promise<Record<string, number>> {
  const sandbox = process.env.SANDBOX_DIR!;
  const work = path.join(sandbox, "transfer-bench");
  fs.mkdirSync(path.join(work, "rootfs"), { recursive: true });
  console.log(`transfers: writing a ${SIZE_MB} MB root filesystem tar ...`);
  execFileSync("dd", ["if=/dev/zero", `of=${path.join(work, "rootfs", "big.bin")}`, "bs=1M", `count=${SIZE_MB}`, "status=none"]);
  const tar = path.join(work, "big.tar");
  execFileSync("tar", ["-C", path.join(work, "rootfs"), "-cf", tar, "."]);
  fs.rmSync(path.join(work, "rootfs"), { recursive: true });
  fs.mkdirSync(path.join(work, "rootfs-small"), { recursive: true });
  fs.writeFileSync(path.join(work, "rootfs-small", "small.bin"), Buffer.alloc(4 << 20));

  const loadAverageAtStart = os.loadavg()[0]!;
  const server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST! });
  const engineSocket = process.env.DOCKER_HOST!.replace(/^unix:\/\//, "");
  const hops: Record<Hop, HopProcess> = {
    proxy: await startBareProxy(engineSocket),
    relay: await startNativeRelay(engineSocket),
    direct: { baseUrl: "http://docker", curlArgs: ["--unix-socket", engineSocket], pid: null, stop: () => undefined },
  };
  const tarBody = (file: string) => ["-X", "POST", ...tarUploadArgs(file)];
  /** The same engine request by each way: `{ proxy: …, relay: …, direct: … }` for compare(). */
  const throughHops = (request: (hop: HopProcess, name: Hop) => Promise<unknown>) =>
    Object.fromEntries((Object.keys(hops) as Hop[]).map((hop) => [hop, () => request(hops[hop], hop)])) as Record<
      Hop,
      () => Promise<unknown>
    >;
  try {
    const admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    const idleRss = largestRss(server.pid);

    const removeImages = (...references: string[]) => spawnSync("docker", ["rmi", ...references], { stdio: "ignore" });

    // A long-running server has run its upload path before: warm it up (JIT, first-use setup) with a
    // small import so the first timed round does not pay for that.
    const small = path.join(work, "small.tar");
    execFileSync("tar", ["-C", path.join(work, "rootfs-small"), "-cf", small, "."]);
    await post(admin, "/api/images/import?repo=bench/warmup&tag=1", small);
    removeImages("bench/warmup:1");

    // Import: each side tags its image after itself.
    const importedTags = ["cli", "app", ...(Object.keys(hops) as Hop[])].map((side) => `bench/big:${side}`);
    const importRun = await compare(server, hops, "import", {
      reset: () => removeImages(...importedTags),
      cli: () => docker(["import", tar, "bench/big:cli"]),
      app: () => post(admin, "/api/images/import?repo=bench/big&tag=app", tar),
      ...throughHops((hop, name) =>
        curlToFile(`${hop.baseUrl}/images/create?fromSrc=-&repo=bench/big&tag=${name}`, [...hop.curlArgs, ...tarBody(tar)]),
      ),
    });

    // Load (of a docker-save archive of that image)
    const saved = path.join(work, "big-save.tar");
    // Whichever side ran last left its image: none may stay, or every load would find the layer.
    removeImages(...importedTags);
    docker(["import", tar, "bench/big:saved"]);
    docker(["save", "-o", saved, "bench/big:saved"]);
    // Every copy of the layer goes before each load, so both sides write it (a layer the engine
    // already has is only hashed, not stored).
    const loadRun = await compare(server, hops, "load", {
      reset: () => removeImages("bench/big:saved", ...importedTags),
      cli: () => docker(["load", "-i", saved]),
      app: () => post(admin, "/api/images/load", saved),
      ...throughHops((hop) => curlToFile(`${hop.baseUrl}/images/load`, [...hop.curlArgs, ...tarBody(saved)])),
    });
    fs.rmSync(saved);
    docker(["import", tar, "bench/big:cli"]);

    // Save and export: each side writes the archive to a file on the same disk (`-o`, curl -o).
    const cliOut = path.join(work, "out-cli.tar");
    const appOut = path.join(work, "out-app.tar");
    const removeOutputs = () => {
      fs.rmSync(cliOut, { force: true });
      fs.rmSync(appOut, { force: true });
    };
    // The hops' downloads go to the same file as the dashboard's: only one side runs at a time.
    const saveRun = await compare(server, hops, "save", {
      reset: removeOutputs,
      cli: () => docker(["save", "-o", cliOut, "bench/big:cli"]),
      app: () => download(admin, `/api/images/${encodeURIComponent("bench/big:cli")}/save`, appOut),
      ...throughHops((hop) => curlToFile(`${hop.baseUrl}/images/${encodeURIComponent("bench/big:cli")}/get`, hop.curlArgs, appOut)),
    });
    spawnSync("docker", ["rm", "-f", "bench-export"], { stdio: "ignore" });
    docker(["create", "--name", "bench-export", "--network", "none", "bench/big:cli", "/big.bin"]);
    const exportRun = await compare(server, hops, "export", {
      reset: removeOutputs,
      cli: () => docker(["export", "-o", cliOut, "bench-export"]),
      app: () => download(admin, "/api/containers/bench-export/export", appOut),
      ...throughHops((hop) => curlToFile(`${hop.baseUrl}/containers/bench-export/export`, hop.curlArgs, appOut)),
    });
    removeOutputs();
    docker(["rm", "-f", "bench-export"]);

    // Copy to a second engine (bench.sh starts it): the CLI's `docker save | docker -H … load`.
    const secondHost = process.env.BENCH_SECOND_DOCKER_HOST;
    let copyRun: Awaited<ReturnType<typeof compare>> | null = null;
    if (secondHost) {
      const second = await admin.json<{ id: string }>(
        "/api/engines",
        { method: "POST", body: JSON.stringify({ name: "bench-second", host: secondHost }) },
        201,
      );
      const onSecond = { ...process.env, DOCKER_HOST: secondHost };
      copyRun = await compare(server, hops, "copy", {
        reset: () => spawnSync("docker", ["rmi", "bench/big:cli"], { env: onSecond, stdio: "ignore" }),
        cli: () => {
          const piped = spawnSync("bash", ["-o", "pipefail", "-c", `docker save bench/big:cli | docker -H "${secondHost}" load`], {
            stdio: ["ignore", "ignore", "pipe"],
            encoding: "utf8",
          });
          if (piped.status !== 0) throw new Error(`docker save | docker -H … load: ${piped.stderr}`);
        },
        app: () => postJson(admin, `/api/images/${encodeURIComponent("bench/big:cli")}/copy`, { to: second.id }),
      });
      spawnSync("docker", ["rmi", "bench/big:cli"], { env: onSecond, stdio: "ignore" });
    }

    // Push: each side to its own empty registry, so neither finds the layer there already.
    const registries = [process.env.BENCH_REGISTRY_CLI!, process.env.BENCH_REGISTRY_APP!];
    const [cliRegistry, appRegistry] = registries;
    const credentials = { username: process.env.REGISTRY_USERNAME!, password: process.env.REGISTRY_PASSWORD! };
    const dockerConfig = path.join(work, "docker-config");
    fs.mkdirSync(dockerConfig, { recursive: true });
    const cliEnv = { ...process.env, DOCKER_CONFIG: dockerConfig };
    execFileSync("docker", ["login", "-u", credentials.username, "--password-stdin", cliRegistry!], {
      input: credentials.password,
      env: cliEnv,
      stdio: ["pipe", "ignore", "pipe"],
    });
    docker(["tag", "bench/big:cli", `${cliRegistry}/bench/big:1`]);
    docker(["tag", "bench/big:cli", `${appRegistry}/bench/big:1`]);
    await admin.json("/api/registries", { method: "POST", body: JSON.stringify({ address: appRegistry, ...credentials }) }, 201);
    execFileSync("sync");
    const cliPush = timeCli(() => docker(["push", `${cliRegistry}/bench/big:1`], cliEnv));
    execFileSync("sync");
    const appPush = await measure(server.pid, () => post(admin, `/api/images/${encodeURIComponent(`${appRegistry}/bench/big:1`)}/push`));
    console.log(`transfers: push cli ${cliPush.toFixed(0)} ms, dashboard ${appPush.ms.toFixed(0)} ms`);

    const gb = SIZE_MB / 1024;
    const runs = { import: importRun, load: loadRun, save: saveRun, export: exportRun, ...(copyRun ? { copy: copyRun } : {}) };
    const figures: Record<string, number> = { sizeMb: SIZE_MB, rounds: ROUNDS };
    for (const [name, run] of Object.entries(runs)) {
      figures[`${name}CliMs`] = run.cliMs;
      figures[`${name}AppMs`] = run.appMs;
      figures[`${name}Ratio`] = run.appMs / run.cliMs;
      figures[`${name}ServerCpuSPerGb`] = run.cpuSeconds / gb;
      for (const [hop, figure] of Object.entries(run.hops)) {
        const key = `${name}${hop[0]!.toUpperCase()}${hop.slice(1)}`;
        figures[`${key}Ms`] = figure.ms;
        figures[`${key}Ratio`] = figure.ms / run.cliMs;
        if (figure.cpuSeconds !== null) figures[`${key}CpuSPerGb`] = figure.cpuSeconds / gb;
      }
    }
    const streamed = Object.values(runs);
    return {
      ...figures,
      pushCliMs: cliPush,
      pushAppMs: appPush.ms,
      pushRatio: appPush.ms / cliPush,
      serverCpuSecondsPerGb: streamed.reduce((sum, run) => sum + run.cpuSeconds, 0) / (gb * streamed.length),
      serverIdleRssMb: idleRss / 2 ** 20,
      serverPeakRssMb: Math.max(appPush.peakRss, ...streamed.map((run) => run.peakRss)) / 2 ** 20,
      serverGroupRssMb: processGroupRss(server.pid).total / 2 ** 20,
      loadAverageStart1m: loadAverageAtStart,
      loadAverage1m: os.loadavg()[0]!,
    };
  } finally {
    for (const hop of Object.values(hops)) hop.stop();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
