/**
 * ~1 GB through the dashboard against the docker CLI doing the same, in the same run: import of a
 * root-filesystem tar, load of a docker-save archive, push to a registry:2 with auth. Reports the
 * time ratio (target ≤ 1.15x) and the server's peak RSS while the bytes flow (target: flat, under
 * 300 MB: bodies are streamed, never buffered).
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import { signIn, TEST_ADMIN, type DashboardClient } from "../../lib/testing/http-client";
import { startServer, type RunningServer } from "../../lib/testing/server";

const SIZE_MB = Number(process.env.BENCH_TRANSFER_MB ?? 1024);

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

async function measure<T>(server: RunningServer, fn: () => Promise<T>): Promise<{ ms: number; peakRss: number; result: T }> {
  let peakRss = largestRss(server.pid);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, largestRss(server.pid))), 100);
  const start = process.hrtime.bigint();
  try {
    const result = await fn();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, peakRss, result };
  } finally {
    clearInterval(timer);
  }
}

function timeCli(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * A POST with node:http on a fresh connection, optionally streaming a file as the body (fetch
 * would reuse a pooled keep-alive socket the server may have closed while the CLI ran).
 */
function post(client: DashboardClient, urlPath: string, file?: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const url = new URL(urlPath, client.baseUrl);
    const request = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: {
          ...(file ? { "content-type": "application/x-tar", "content-length": fs.statSync(file).size } : { "content-length": 0 }),
          cookie: client.cookie ?? "",
          origin: client.baseUrl,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          (response.statusCode ?? 0) < 300 ? resolve(JSON.parse(text) as Record<string, unknown>) : reject(new Error(`${urlPath}: ${response.statusCode} ${text}`)),
        );
      },
    );
    request.on("error", reject);
    if (file) fs.createReadStream(file).pipe(request);
    else request.end();
  });
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

  const server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST! });
  try {
    const admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    const idleRss = largestRss(server.pid);

    // Import
    const cliImport = timeCli(() => docker(["import", tar, "bench/big:cli"]));
    const appImport = await measure(server, () => post(admin, "/api/images/import?repo=bench/big&tag=app", tar));
    console.log(`transfers: import cli ${cliImport.toFixed(0)} ms, dashboard ${appImport.ms.toFixed(0)} ms`);

    // Load (of a docker-save archive of that image)
    const saved = path.join(work, "big-save.tar");
    docker(["save", "-o", saved, "bench/big:cli"]);
    docker(["rmi", "bench/big:cli", "bench/big:app"]);
    const cliLoad = timeCli(() => docker(["load", "-i", saved]));
    docker(["rmi", "bench/big:cli"]);
    const appLoad = await measure(server, () => post(admin, "/api/images/load", saved));
    console.log(`transfers: load cli ${cliLoad.toFixed(0)} ms, dashboard ${appLoad.ms.toFixed(0)} ms`);
    fs.rmSync(saved);

    // Push: each side to its own empty registry, so neither finds the layer there already.
    const registries = [process.env.BENCH_REGISTRY_CLI!, process.env.BENCH_REGISTRY_APP!];
    const [cliRegistry, appRegistry] = registries;
    const credentials = { username: process.env.REGISTRY_USERNAME!, password: process.env.REGISTRY_PASSWORD! };
    const dockerConfig = path.join(work, "docker-config");
    fs.mkdirSync(dockerConfig, { recursive: true });
    const cliEnv = { ...process.env, DOCKER_CONFIG: dockerConfig };
    execFileSync("docker", ["login", "-u", credentials.username, "--password-stdin", cliRegistry!], { input: credentials.password, env: cliEnv, stdio: ["pipe", "ignore", "pipe"] });
    docker(["tag", "bench/big:cli", `${cliRegistry}/bench/big:1`]);
    docker(["tag", "bench/big:cli", `${appRegistry}/bench/big:1`]);
    await admin.json("/api/registries", { method: "POST", body: JSON.stringify({ address: appRegistry, ...credentials }) }, 201);
    const cliPush = timeCli(() => docker(["push", `${cliRegistry}/bench/big:1`], cliEnv));
    const appPush = await measure(server, () => post(admin, `/api/images/${encodeURIComponent(`${appRegistry}/bench/big:1`)}/push`));
    console.log(`transfers: push cli ${cliPush.toFixed(0)} ms, dashboard ${appPush.ms.toFixed(0)} ms`);

    return {
      sizeMb: SIZE_MB,
      importCliMs: cliImport,
      importAppMs: appImport.ms,
      importRatio: appImport.ms / cliImport,
      loadCliMs: cliLoad,
      loadAppMs: appLoad.ms,
      loadRatio: appLoad.ms / cliLoad,
      pushCliMs: cliPush,
      pushAppMs: appPush.ms,
      pushRatio: appPush.ms / cliPush,
      serverIdleRssMb: idleRss / 2 ** 20,
      serverPeakRssMb: Math.max(appImport.peakRss, appLoad.peakRss, appPush.peakRss) / 2 ** 20,
      serverGroupRssMb: processGroupRss(server.pid).total / 2 ** 20,
    };
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
