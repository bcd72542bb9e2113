/**
 * Instances: the `load` part's read mix (`GET /api/images`, an image's detail, `GET /api/containers`,
 * `GET /api/audit?limit=20`, the `/images` page) for BENCH_INSTANCES_USERS users (100), each one
 * request then 1 s of think time, for BENCH_INSTANCES_SECONDS (60): first against one instance,
 * then against two instances on the same database behind a round-robin proxy (a few lines of Node
 * below: each request goes to the next instance, as a load balancer without sticky sessions does).
 * During the two-instance run a writer tags an image through the proxy (an audited action per
 * request, alternating instances); afterwards every tag the API answered 201 must have its
 * `succeeded` audit row: no row lost.
 *
 * The database is PostgreSQL when BENCH_POSTGRES_URL_BASE names a cluster (scripts/bench.sh starts
 * a private one), else one SQLite file both instances open.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pLimit from "p-limit";
import { signIn, TEST_ADMIN, type DashboardClient } from "../../lib/testing/http-client";
import { startServer, type RunningServer } from "../../lib/testing/server";
import { engineRequest } from "./engine-http";
import { detailImage, ensureContainers, removeContainers, users, withNoise } from "./load";

const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = number("BENCH_INSTANCES_USERS", 100);
const SECONDS = number("BENCH_INSTANCES_SECONDS", 60);
// The writer's pace: one tag every this many ms (each an engine call and two audit writes).
const WRITE_EVERY_MS = number("BENCH_INSTANCES_WRITE_EVERY_MS", 100);

type Proxy = { url: string; close: () => Promise<void>; forwarded: number[] };

/** Round-robin HTTP proxy on 127.0.0.1: request i goes to `targets[i % n]`, over keep-alive connections. */
async function roundRobinProxy(targets: string[]): Promise<Proxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const forwarded = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((request, response) => {
    const index = next++ % targets.length;
    forwarded[index]!++;
    const target = new URL(targets[index]!);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
      response.end(`proxy: ${error.message}`);
    });
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

async function databaseUrl(): Promise<{ url: string; store: string }> {
  const base = process.env.BENCH_POSTGRES_URL_BASE;
  if (!base)
    return { url: `file:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-instances-")), "dashboard.db")}`, store: "SQLite" };
  const name = `bench_instances_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: `${base}/postgres` });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  return { url: `${base}/${name}`, store: "PostgreSQL" };
}

/** Tags `image` as bench-instances/RUN-N:1 every WRITE_EVERY_MS until `deadline`; the references answered 201. */
async function writer(
  client: DashboardClient,
  image: string,
  run: string,
  deadline: number,
): Promise<{ tagged: string[]; failed: number }> {
  const tagged: string[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  for (let n = 0; Date.now() < deadline; n++) {
    const repo = `bench-instances/${run}-${n}`;
    inFlight.push(
      client
        .fetch(`/api/images/${encodeURIComponent(image)}/tag`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ repo, tag: "1" }),
        })
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 201) tagged.push(`${repo}:1`);
          else failed++;
        })
        .catch(() => void failed++),
    );
    await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
  }
  await Promise.all(inFlight);
  return { tagged, failed };
}

/** Every `image.tag` audit row the writer's user left, by outcome. */
async function auditedTags(client: DashboardClient, actor: string): Promise<{ succeeded: number; other: number }> {
  let succeeded = 0;
  let other = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await client.json<{ entries: { outcome: string }[]; nextCursor: string | null }>(
      `/api/audit?action=image.tag&actor=${encodeURIComponent(actor)}&limit=500${cursor ? `&cursor=${cursor}` : ""}`,
    );
    for (const entry of page.entries) {
      if (entry.outcome === "succeeded") succeeded++;
      else other++;
    }
    if (!page.nextCursor) return { succeeded, other };
    cursor = page.nextCursor;
  }
}

export async function benchInstances(): Promise<{ figures: Record<string, number>; store: string }> {
  const dockerHost = process.env.DOCKER_HOST!;
  const socketPath = dockerHost.slice("unix://".length);
  const image = await detailImage(socketPath);
  await ensureContainers(socketPath, "local/busybox:1");
  const mix = ["/api/images", `/api/images/${encodeURIComponent(image)}`, "/api/containers", "/api/audit?limit=20", "/images"];
  const { url, store } = await databaseUrl();
  const env = { DOCKER_HOST: dockerHost, DATABASE_URL: url, DASHBOARD_SECRET_KEY: randomBytes(32).toString("hex") };
  const servers: RunningServer[] = [];
  let proxy: Proxy | null = null;
  const run = randomBytes(3).toString("hex");
  try {
    const a = await startServer({ ...env, DASHBOARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "bench-instance-a-")) });
    servers.push(a);
    const ownGroup = Number(fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ")[2]);
    const watched = () => [process.pid, ownGroup, ...servers.map((server) => server.pid)];

    console.log(`instances (${store}): signing in ${USERS} sessions ...`);
    const limit = pLimit(4);
    const clients = await Promise.all(
      Array.from({ length: USERS }, () => limit(() => signIn(a.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password))),
    );
    const cookies = clients.map((client) => client.cookie!);
    // Warm up the instance as a running server is.
    await users(a.baseUrl, cookies.slice(0, 20), mix, 3);

    console.log(`instances: one instance, ${USERS} users for ${SECONDS} s ...`);
    const one = await withNoise(watched(), () => users(a.baseUrl, cookies, mix, SECONDS));

    const b = await startServer({ ...env, DASHBOARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "bench-instance-b-")) });
    servers.push(b);
    proxy = await roundRobinProxy([a.baseUrl, b.baseUrl]);
    // The writer: an operator of its own, so its audit rows are told apart.
    const admin = clients[0]!;
    const writerName = `bench-writer-${run}`;
    await admin.json(
      "/api/users",
      { method: "POST", body: JSON.stringify({ username: writerName, password: "bench-writer-1", role: "operator" }) },
      201,
    );
    const writerClient = await signIn(proxy.url, writerName, "bench-writer-1");
    await users(proxy.url, cookies.slice(0, 20), mix, 3);

    console.log(
      `instances: two instances behind a round-robin proxy, ${USERS} users for ${SECONDS} s, a tag every ${WRITE_EVERY_MS} ms ...`,
    );
    const deadline = Date.now() + SECONDS * 1000;
    const [two, writes] = await Promise.all([
      withNoise(watched(), () => users(proxy!.url, cookies, mix, SECONDS)),
      writer(writerClient, "local/busybox:1", run, deadline),
    ]);
    const audited = await auditedTags(admin, writerName);
    return {
      store,
      figures: {
        users: USERS,
        seconds: SECONDS,
        oneRps: one.result.rps,
        oneP50Ms: one.result.p50,
        oneP95Ms: one.result.p95,
        oneErrors: one.result.errors,
        oneOtherCpuPct: one.otherCpuPct,
        twoRps: two.result.rps,
        twoP50Ms: two.result.p50,
        twoP95Ms: two.result.p95,
        twoErrors: two.result.errors,
        twoOtherCpuPct: two.otherCpuPct,
        proxiedToA: proxy.forwarded[0]!,
        proxiedToB: proxy.forwarded[1]!,
        writesAnswered201: writes.tagged.length,
        writesFailed: writes.failed,
        auditedSucceeded: audited.succeeded,
        auditedOther: audited.other,
        auditRowsLost: writes.tagged.length - audited.succeeded,
      },
    };
  } finally {
    await proxy?.close();
    for (const server of servers) await server.stop();
    // The writer's tags go with the engine's own API (the bench's engine is a private one).
    await removeTags(socketPath, run);
    await removeContainers(socketPath);
  }
}

/** Removes the bench-instances/RUN-* tags straight on the engine. */
async function removeTags(socketPath: string, run: string): Promise<void> {
  const listed = await engineRequest({ socketPath, path: "/images/json" });
  const images = JSON.parse(listed.body.toString()) as { RepoTags?: string[] }[];
  const ours = images.flatMap((entry) => entry.RepoTags ?? []).filter((tag) => tag.startsWith(`bench-instances/${run}-`));
  const limit = pLimit(4);
  await Promise.all(
    ours.map((tag) => limit(() => engineRequest({ socketPath, method: "DELETE", path: `/images/${encodeURIComponent(tag)}?noprune=1` }))),
  );
}
