import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { TEST_ADMIN, type DashboardClient } from "@/lib/testing/http-client";

export type RunningServer = {
  baseUrl: string;
  /** Process group of the server (the start script, next start and its workers). */
  pid: number;
  stop: () => Promise<void>;
  output: () => string;
};

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Waits until something listens on 127.0.0.1:`port` (10 s at most), failing at once if `child`
 * exits first; `describe()` names the process in the error (with its output, if kept).
 */
export async function waitForPort(port: number, child: ChildProcess, describe: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${describe()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the production server (`npm start`: migrate, then `next start`) with the given
 * environment on a free port and waits until it answers. Needs `next build` to have run. The
 * first admin is TEST_ADMIN unless `env` says otherwise (set both to "" for none).
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = env.DASHBOARD_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-it-"));
  let log = "";
  const child: ChildProcess = spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    env: {
      ...process.env,
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DASHBOARD_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      await fetch(`${baseUrl}/login`, { redirect: "manual" });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    baseUrl,
    pid: child.pid!,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/**
 * A unix-socket proxy in front of the real engine, so a test can make the engine vanish and come
 * back without restarting dockerd. Closing it removes the socket file, as a stopped daemon does.
 */
export class EngineSocketProxy {
  private server: net.Server | null = null;
  private readonly connections = new Set<net.Socket>();
  constructor(
    readonly socketPath: string,
    private readonly engineSocketPath: string,
  ) {}

  async open(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.engineSocketPath);
      this.connections.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.connections.delete(client);
        this.connections.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.socketPath, resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
    fs.rmSync(this.socketPath, { force: true });
    // When the dashboard runs in this same process (in-process route tests), its idle keep-alive
    // sockets to the engine only see the hang-up once the event loop polls again; without this
    // turn, its next request reuses one at once and fails with EPIPE, something a real engine
    // going away between two requests does not cause. On a busy machine the timer can fire before
    // the poll phase that sees the hang-ups, so wait for a check phase (after a poll) as well.
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * An import whose upload sends the archive's first 64 KB and then waits: the audit row is written
 * once the server has seen that the body is an archive, so it is "started" meanwhile.
 */
export function slowImport(
  server: RunningServer,
  client: DashboardClient,
  repo: string,
  archive: Buffer,
): { ended: Promise<void>; abort: () => void } {
  const upload = http.request(`${server.baseUrl}/api/images/import?repo=${encodeURIComponent(repo)}&tag=1`, {
    method: "POST",
    headers: { cookie: client.cookie!, origin: server.baseUrl, "content-type": "application/x-tar" },
  });
  const ended = new Promise<void>((resolve) => {
    upload.on("error", () => resolve());
    upload.on("response", (response) => {
      response.on("error", () => resolve());
      response.resume().on("end", resolve);
    });
  });
  upload.write(archive.subarray(0, 64 * 1024));
  return { ended, abort: () => upload.destroy() };
}
