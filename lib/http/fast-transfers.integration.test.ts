import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { pack } from "tar-stream";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";
import { DashboardClient, signIn, TEST_ADMIN, tokenClient } from "@/lib/testing/http-client";
import { startServer, type RunningServer } from "@/lib/testing/server";

// The transfer routes as `npm start` serves them: from Node's request and response, outside
// Next.js (scripts/server.mjs, lib/http/node-route). Against the real server on the private engine:
// the same checks and error shapes as every route, an upload cut mid-way, a download cut by its
// reader. (The in-process route tests cover the same URLs through their Next route modules.)

requireSandboxEngine();

type AuditEntry = { action: string; target: string; outcome: string; error: string | null; result: unknown; actor: string };

/** A tar with one file of `size` bytes, as one buffer. */
async function tarOf(name: string, size: number): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name, size }, Buffer.alloc(size, 7));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The newest audit rows of `action` (admin's view of the log). */
async function auditRows(admin: DashboardClient, action: string): Promise<AuditEntry[]> {
  return (await admin.json<{ entries: AuditEntry[] }>(`/api/audit?action=${encodeURIComponent(action)}&limit=20`)).entries;
}

/** The `pv` processes of the server's process group `pgid`: the pumps moving uploads into the engine. */
function pumpsOf(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (comm === "pv" && Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/**
 * POSTs `body` (over 1 MiB) as a slow client would: its first MiB, then, once the server has
 * started a pump for it (Node has read the head and handed the socket over, so the rest is read by
 * pv, not by Node), the rest. Resolves to the answer's status and text.
 */
async function uploadThroughPump(
  server: RunningServer,
  admin: DashboardClient,
  urlPath: string,
  body: Buffer,
  headers: Record<string, string> = {},
  whilePumping: (clientPort: number) => void = () => undefined,
): Promise<{ status: number; text: string }> {
  const request = http.request(new URL(urlPath, server.baseUrl), {
    method: "POST",
    headers: {
      cookie: admin.cookie!,
      origin: server.baseUrl,
      "content-type": "application/x-tar",
      "content-length": String(body.length),
      ...headers,
    },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on("error", reject);
  });
  const write = async (chunk: Buffer) => {
    if (!request.write(chunk)) await new Promise((resolve) => request.once("drain", resolve));
  };
  await write(body.subarray(0, 1 << 20));
  await eventually("the pump to start", async () => (pumpsOf(server.pid).length === 1 ? true : undefined));
  whilePumping(request.socket!.localPort!);
  await write(body.subarray(1 << 20));
  request.end();
  return await answer;
}

/**
 * The file status flags of the server's end of the TCP connection from 127.0.0.1:`clientPort`
 * (/proc/net/tcp gives its inode, /proc/PID/fdinfo the flags of a descriptor of the server's
 * process group that holds it).
 */
function serverSocketFlags(pgid: number, clientPort: number): number {
  const row = fs
    .readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[2] && Number.parseInt(fields[2].split(":")[1]!, 16) === clientPort);
  assert.ok(row, `a server socket for port ${clientPort}`);
  const target = `socket:[${row[9]}]`;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      for (const fd of fs.readdirSync(`/proc/${entry}/fd`)) {
        if (fs.readlinkSync(`/proc/${entry}/fd/${fd}`) !== target) continue;
        return Number.parseInt(/flags:\s+(\d+)/.exec(fs.readFileSync(`/proc/${entry}/fdinfo/${fd}`, "utf8"))![1]!, 8);
      }
    } catch {
      // the process or descriptor ended meanwhile
    }
  }
  throw new Error(`no descriptor of the server holds ${target}`);
}

const O_NONBLOCK = 0o4000;

async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the transfer routes on the Node fast path (npm start)", () => {
  let server: RunningServer;
  let admin: DashboardClient;
  let viewer: DashboardClient;
  const cleanup: (() => void)[] = [];

  before(async () => {
    server = await startServer({ DOCKER_HOST: process.env.DOCKER_HOST! });
    admin = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    const viewerUser = { username: uniqueName("viewer").replace(/[^a-z0-9]/g, ""), password: "viewer-password-123" };
    await admin.json("/api/users", { method: "POST", body: JSON.stringify({ ...viewerUser, role: "viewer" }) }, 201);
    viewer = await signIn(server.baseUrl, viewerUser.username, viewerUser.password);
  });
  after(async () => {
    await server?.stop();
    for (const step of cleanup.reverse()) {
      try {
        step();
      } catch {
        // already gone
      }
    }
  });

  test("the server names the paths it serves itself", () => {
    for (const route of [
      "POST /api/images/import",
      "POST /api/images/load",
      "GET /api/images/{ref}/save",
      "GET /api/containers/{id}/export",
      "POST /api/images/{ref}/copy",
      "POST /api/builds",
    ]) {
      assert.ok(server.output().includes(route), `${route} in:\n${server.output()}`);
    }
  });

  test("401 without a session or with a bad token, 403 below operator (audited), 403 cross-site: the engine sees nothing", async () => {
    const repo = `fast/${uniqueName("refused")}`;
    const tar = await tarOf("a.bin", 4096);
    const upload = (client: DashboardClient, init: { origin?: string | null } = {}) =>
      client.fetch(`/api/images/import?repo=${repo}&tag=1`, {
        method: "POST",
        headers: { "content-type": "application/x-tar" },
        body: new Uint8Array(tar),
        ...init,
      });

    for (const client of [new DashboardClient(server.baseUrl), tokenClient(server.baseUrl, "dsh_not-a-real-token")]) {
      for (const [method, path] of [
        ["POST", `/api/images/import?repo=${repo}&tag=1`],
        ["POST", "/api/images/load"],
        ["GET", `/api/images/${encodeURIComponent("seed/web:1")}/save`],
        ["GET", "/api/containers/nope/export"],
        ["POST", `/api/images/${encodeURIComponent("seed/web:1")}/copy`],
        ["POST", "/api/builds"],
      ] as const) {
        const response = await client.fetch(path, { method, ...(method === "POST" ? { body: new Uint8Array(tar) } : {}) });
        assert.equal(response.status, 401, `${method} ${path}`);
        assert.deepEqual(await response.json(), {
          error: "Sign in required: send a session cookie or an Authorization: Bearer token.",
          code: "unauthorized:session",
        });
      }
    }

    const denied = await upload(viewer);
    assert.equal(denied.status, 403);
    assert.deepEqual(await denied.json(), { error: "Your role (viewer) cannot do this; it needs operator.", code: "forbidden:role" });
    const deniedRow = (await auditRows(admin, "auth.denied")).find((row) => row.target === "POST /api/images/import");
    assert.ok(deniedRow, "the refusal is in the audit log");
    assert.equal(deniedRow.outcome, "failed");

    const crossSite = await upload(admin, { origin: "https://evil.example" });
    assert.equal(crossSite.status, 403);
    assert.equal(((await crossSite.json()) as { code: string }).code, "forbidden:origin");
    const noOrigin = await upload(admin, { origin: null });
    assert.equal(noOrigin.status, 403, "a cookie upload without Origin or Referer is refused");

    assert.equal(docker("images", "-q", repo), "", "no refused upload reached the engine");
  });

  test("the shared plumbing: unknown engine 404, bad params 400, malformed escape 400, JSON bodies, security headers", async () => {
    const unknownEngine = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/save?engine=no-such-engine`);
    assert.equal(unknownEngine.status, 404);
    assert.equal(((await unknownEngine.json()) as { code: string }).code, "not_found:engine");

    const malformed = await admin.fetch("/api/images/%E0%A4%A/save");
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { code: string }).code, "bad_request:path");

    const badQuery = await admin.fetch("/api/images/import?tag=1", {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(await tarOf("a.bin", 10)),
    });
    assert.equal(badQuery.status, 400, "a tag without a repository");

    const copyNowhere = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/copy`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: "no-such-engine" }),
    });
    assert.equal(copyNowhere.status, 404, await copyNowhere.clone().text());
    const notJson = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/copy`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as { code: string }).code, "bad_request:body");

    const fast = await admin.fetch(`/api/images/${encodeURIComponent("no/such:image")}/save`);
    assert.equal(fast.status, 404);
    const viaNext = await admin.fetch("/api/engine");
    for (const header of ["x-content-type-options", "x-frame-options", "referrer-policy"]) {
      assert.ok(fast.headers.get(header), header);
      assert.equal(fast.headers.get(header), viaNext.headers.get(header), header);
    }
  });

  test("load streams NDJSON progress and counts the bytes; junk is refused before the engine sees it", async () => {
    const saved = execFileSync("docker", ["save", "seed/web:1"], { maxBuffer: 1 << 30 });
    const response = await admin.fetch("/api/images/load", {
      method: "POST",
      headers: { "content-type": "application/x-tar", accept: "application/x-ndjson" },
      body: new Uint8Array(saved),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /application\/x-ndjson/);
    const lines = (await response.text())
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { result?: { loaded: string[]; bytes: number } });
    const result = lines.at(-1)?.result;
    assert.ok(result, JSON.stringify(lines.at(-1)));
    assert.deepEqual(result.loaded, ["seed/web:1"]);
    assert.equal(result.bytes, saved.length);
    const row = (await auditRows(admin, "image.load"))[0]!;
    assert.equal(row.outcome, "succeeded");

    const junk = await admin.fetch("/api/images/load", {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: Buffer.alloc(4096, 65),
    });
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as { code: string }).code, "bad_request:archive");
  });

  test("an upload cut mid-way leaves no image and a failed audit row", async () => {
    const repo = `fast/${uniqueName("cut")}`;
    // A tar announcing a 256 MB file, of which 8 MB are sent before the client goes away.
    const archive = pack();
    archive.entry({ name: "big.bin", size: 256 << 20 });
    const headerBlock = await new Promise<Buffer>((resolve) => archive.once("data", (chunk) => resolve(chunk as Buffer)));
    assert.equal(headerBlock.length, 512);
    const url = new URL(`/api/images/import?repo=${repo}&tag=1`, server.baseUrl);
    const request = http.request(url, {
      method: "POST",
      headers: {
        cookie: admin.cookie!,
        origin: server.baseUrl,
        "content-type": "application/x-tar",
        "content-length": String(512 + (256 << 20)),
      },
    });
    request.on("error", () => undefined);
    request.write(headerBlock);
    for (let sent = 0; sent < 8 << 20; sent += 1 << 20) {
      if (!request.write(Buffer.alloc(1 << 20))) await new Promise((resolve) => request.once("drain", resolve));
    }
    const started = await eventually("the import's audit row", async () =>
      (await auditRows(admin, "image.import")).find((row) => row.target === `${repo}:1`),
    );
    assert.equal(started.outcome, "started");
    request.destroy();

    const failed = await eventually("the import's row to fail", async () => {
      const row = (await auditRows(admin, "image.import")).find((entry) => entry.target === `${repo}:1`);
      return row && row.outcome !== "started" ? row : undefined;
    });
    assert.equal(failed.outcome, "failed", JSON.stringify(failed));
    assert.equal(docker("images", "-q", repo), "", "no partial image");
    await eventually("the upload's pump to end", async () => (pumpsOf(server.pid).length === 0 ? true : undefined));
  });

  test("an upload over 1 MiB is moved into the engine by the pump, every byte of it, counted", async () => {
    const repo = `fast/${uniqueName("pumped")}`;
    const content = randomBytes(6 << 20);
    const archive = pack();
    archive.entry({ name: "data.bin", size: content.length }, content);
    archive.finalize();
    const pieces: Buffer[] = [];
    for await (const piece of archive) pieces.push(piece as Buffer);
    const tar = Buffer.concat(pieces);

    let flags = 0;
    const { status, text } = await uploadThroughPump(server, admin, `/api/images/import?repo=${repo}&tag=1`, tar, {}, (port) => {
      flags = serverSocketFlags(server.pid, port);
    });
    // The socket Node shares with the pump stays non-blocking: a blocking one would stop the
    // server's event loop on any write the client is slow to take.
    assert.ok(flags & O_NONBLOCK, `flags ${flags.toString(8)}`);
    assert.equal(status, 201, text);
    const result = JSON.parse(text) as { id: string; reference: string; bytes: number };
    assert.equal(result.reference, `${repo}:1`);
    assert.equal(result.bytes, tar.length);
    cleanup.push(() => docker("rmi", `${repo}:1`));
    const row = (await auditRows(admin, "image.import")).find((entry) => entry.target === `${repo}:1`)!;
    assert.equal(row.outcome, "succeeded");
    assert.deepEqual(row.result, result);

    // The file in the image is the one sent, byte for byte.
    const container = docker("create", `${repo}:1`, "/data.bin");
    cleanup.push(() => docker("rm", container));
    const exported = execFileSync("docker", ["export", container], { maxBuffer: 64 << 20 });
    const copied = execFileSync("tar", ["-xO", "data.bin"], { input: exported, maxBuffer: 64 << 20 });
    assert.equal(createHash("sha256").update(copied).digest("hex"), createHash("sha256").update(content).digest("hex"));
    assert.deepEqual(pumpsOf(server.pid), [], "the pump has ended");
  });

  test("a pumped load streams the engine's NDJSON progress and counts every byte", async () => {
    // seed/fat:1 carries a 50 MB layer: far above the pump's threshold.
    const saved = execFileSync("docker", ["save", "seed/fat:1"], { maxBuffer: 1 << 30 });
    const { status, text } = await uploadThroughPump(server, admin, "/api/images/load", saved, { accept: "application/x-ndjson" });
    assert.equal(status, 200, text);
    const lines = text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as { status?: string; result?: { loaded: string[]; bytes: number } });
    assert.ok(
      lines.some((line) => line.status === "Loaded image: seed/fat:1"),
      text,
    );
    assert.deepEqual(lines.at(-1)?.result, { loaded: ["seed/fat:1"], bytes: saved.length });
    const row = (await auditRows(admin, "image.load"))[0]!;
    assert.equal(row.outcome, "succeeded");
    assert.deepEqual(row.result, { loaded: ["seed/fat:1"], bytes: saved.length });
  });

  test("an upload of pump size refused before the pump starts is read to its end: the answer keeps its connection", async () => {
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const request = http.request(new URL("/api/images/import?tag=1", server.baseUrl), {
        method: "POST",
        headers: { cookie: admin.cookie!, origin: server.baseUrl, "content-type": "application/x-tar" },
      });
      request.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
      });
      request.on("error", reject);
      void tarOf("a.bin", 3 << 20).then((tar) => request.end(tar));
    });
    assert.equal(answer.status, 400, answer.body);
    assert.match(answer.body, /a tag needs a repository/);
    assert.equal(answer.connection, "keep-alive");
  });

  test("a pumped upload that is not an archive is refused before the engine sees it; one the engine refuses gets its message", async () => {
    const junk = await admin.fetch("/api/images/import?repo=fast/junk&tag=1", {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: Buffer.alloc(3 << 20, 65),
    });
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as { code: string }).code, "bad_request:archive");
    assert.equal(docker("images", "-q", "fast/junk"), "");

    // A tar, but not a docker save archive: the engine reads it and refuses it.
    const notSaved = await admin.fetch("/api/images/load", {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(await tarOf("data.bin", 3 << 20)),
    });
    const refusal = (await notSaved.json()) as { error: string; code: string };
    assert.equal(notSaved.status, 400, JSON.stringify(refusal));
    assert.equal(refusal.code, "bad_request:archive");
    await eventually("the pumps to end", async () => (pumpsOf(server.pid).length === 0 ? true : undefined));
  });

  test("a download cut by its reader releases the engine's stream and fails the save's audit row", async () => {
    // seed/fat:1 carries a 50 MB layer: far more than the socket buffers hold.
    const url = new URL(`/api/images/${encodeURIComponent("seed/fat:1")}/save`, server.baseUrl);
    const received = await new Promise<number>((resolve, reject) => {
      const request = http.get(url, { headers: { cookie: admin.cookie! } }, (response) => {
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers["content-type"], "application/x-tar");
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes >= 1 << 20) {
            request.destroy();
            resolve(bytes);
          }
        });
      });
      request.on("error", (error) => (error.message.includes("socket hang up") ? undefined : reject(error)));
    });
    assert.ok(received >= 1 << 20);
    const row = await eventually("the save's row to complete", async () => {
      const entry = (await auditRows(admin, "image.save")).find((one) => one.target === "seed/fat:1");
      return entry && entry.outcome !== "started" ? entry : undefined;
    });
    assert.equal(row.outcome, "failed");
    assert.match(row.error ?? "", /download stopped after \d+ bytes/);

    // A whole download still succeeds, with its bytes counted.
    const whole = await admin.fetch(`/api/images/${encodeURIComponent("seed/web:1")}/save`);
    assert.equal(whole.status, 200);
    assert.match(whole.headers.get("content-disposition") ?? "", /attachment; filename="seed_web_1\.tar"/);
    const size = (await whole.arrayBuffer()).byteLength;
    const done = await eventually("the whole save's row", async () => {
      const entry = (await auditRows(admin, "image.save")).find((one) => one.target === "seed/web:1");
      return entry && entry.outcome !== "started" ? entry : undefined;
    });
    assert.equal(done.outcome, "succeeded");
    assert.deepEqual(done.result, { bytes: size });
  });

  test("a download reaches an HTTP/1.1 client in the engine's chunks and an HTTP/1.0 one unframed: the same archive, counted", async () => {
    const container = uniqueName("fast-export");
    docker("create", "--name", container, "--network", "none", "seed/web:1", "true");
    cleanup.push(() => docker("rm", "-f", container));
    const url = new URL(`/api/containers/${container}/export`, server.baseUrl);
    const chunked = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: { cookie: admin.cookie! } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });
    assert.equal(chunked.headers["transfer-encoding"], "chunked");
    assert.equal(chunked.headers["content-type"], "application/x-tar");
    assert.ok(chunked.body.length > 1 << 20);

    // HTTP/1.0 by hand: no chunked framing, the body ends with the connection.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const connection = net.connect(Number(url.port), url.hostname, () =>
        connection.write(`GET ${url.pathname} HTTP/1.0\r\nHost: ${url.host}\r\nCookie: ${admin.cookie}\r\n\r\n`),
      );
      const chunks: Buffer[] = [];
      connection.on("data", (chunk: Buffer) => chunks.push(chunk));
      connection.on("end", () => resolve(Buffer.concat(chunks)));
      connection.on("error", reject);
    });
    const headEnd = raw.indexOf("\r\n\r\n");
    const head = raw.toString("latin1", 0, headEnd);
    assert.match(head, /^HTTP\/1\.1 200 /);
    assert.doesNotMatch(head, /transfer-encoding/i);
    assert.deepEqual(raw.subarray(headEnd + 4), chunked.body);

    const rows = await eventually("both exports' rows", async () => {
      const entries = (await auditRows(admin, "container.export")).filter((one) => one.target === container);
      return entries.length === 2 && entries.every((one) => one.outcome !== "started") ? entries : undefined;
    });
    for (const row of rows) {
      assert.equal(row.outcome, "succeeded");
      assert.deepEqual(row.result, { bytes: chunked.body.length });
    }
  });

  test("a build context uploaded as a tar is built (the Node request piped to the engine)", async () => {
    const tag = `fast/${uniqueName("build")}:1`;
    const archive = pack();
    archive.entry({ name: "Dockerfile" }, "FROM local/busybox:1\nCOPY a.txt /a.txt\n");
    archive.entry({ name: "a.txt" }, "hello\n");
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    const built = await admin.fetch(`/api/builds?tag=${encodeURIComponent(tag)}`, {
      method: "POST",
      headers: { "content-type": "application/x-tar" },
      body: new Uint8Array(Buffer.concat(chunks)),
    });
    assert.equal(built.status, 201, await built.clone().text());
    cleanup.push(() => docker("rmi", tag));
    assert.ok(((await built.json()) as { imageId?: string }).imageId);
    assert.notEqual(docker("images", "-q", tag), "");
  });
});
