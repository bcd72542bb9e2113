import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { FramedDownload } from "@/lib/docker/framed-download";
import { exportContainerFromEngine, saveImageFromEngine } from "@/lib/docker/transfer";
import { docker, requireSandboxEngine, uniqueName } from "@/lib/testing/docker-cli";

requireSandboxEngine();

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A chunked body decoded the plain way (size line, payload, CRLF), up to its last chunk. */
function decodeChunked(body: Buffer): Buffer {
  const payloads: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    assert.notEqual(lineEnd, -1, "a size line");
    const size = Number.parseInt(body.toString("latin1", at, lineEnd).split(";")[0]!, 16);
    if (size === 0) return Buffer.concat(payloads);
    payloads.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    assert.equal(body.toString("latin1", lineEnd + 2 + size, lineEnd + 4 + size), "\r\n", "each chunk ends with CRLF");
    at = lineEnd + 4 + size;
  }
}

describe("downloads read with the engine's chunked framing", () => {
  const container = uniqueName("framed-export");
  before(() => {
    docker("create", "--name", container, "--network", "none", "seed/fat:1", "true");
  });
  after(() => {
    docker("rm", "-f", container);
  });

  test("an export passes on the engine's chunks, which decode to the same archive as dockerode's, counted to the byte", async () => {
    const framed = await exportContainerFromEngine(container, { framed: true });
    assert.ok(framed instanceof FramedDownload, "a plain unix-socket engine gives a framed download");
    const passedOn = await bytesOf(framed);
    const archive = await bytesOf(await exportContainerFromEngine(container));
    assert.ok(archive.length > 1 << 20);
    // The last chunk is the relaying response's to write: add it, as res.end() does.
    assert.deepEqual(decodeChunked(Buffer.concat([passedOn, Buffer.from("0\r\n\r\n")])), archive);
    assert.equal(framed.payloadBytes, archive.length);
    assert.ok(passedOn.length > archive.length, "the framing came along");
  });

  test("a save read in part and dropped closes the engine connection; a missing image is refused as without framing", async () => {
    const engineSocket = process.env.DOCKER_HOST!.replace(/^unix:\/\//, "");
    const connectionsToEngine = () => countUnixConnections(engineSocket);
    const before = connectionsToEngine();
    const download = await saveImageFromEngine("seed/fat:1", { framed: true });
    assert.ok(download instanceof FramedDownload);
    let received = 0;
    for await (const piece of download) {
      received += (piece as Buffer).length;
      if (received > 1 << 20) break;
    }
    assert.ok(download.destroyed);
    // The payload is what was read less the framing: a few bytes per 32 KiB chunk.
    assert.ok(download.payloadBytes < received && download.payloadBytes > received - 4096, `${download.payloadBytes} of ${received} bytes`);
    await waitFor(() => connectionsToEngine() <= before, "the engine connection to close");

    const plain = await saveImageFromEngine("fast/missing:1").then(
      () => null,
      (error: unknown) => error,
    );
    const framed = await saveImageFromEngine("fast/missing:1", { framed: true }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(plain instanceof Error);
    assert.deepEqual(framed, plain);
  });
});

describe("a framed download whose engine stream stops short", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "framed-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("fails instead of ending, so the response is cut and never looks whole", async () => {
    // A peer that sends two chunks of a body and closes before its last chunk, as an engine that
    // dies mid-way does.
    const socketPath = path.join(dir, "peer.sock");
    const peer = net.createServer((connection) => connection.end("5\r\nhello\r\n6\r\n world\r\n"));
    await new Promise<void>((resolve) => peer.listen(socketPath, resolve));
    try {
      const socket = net.connect({ path: socketPath });
      const download = new FramedDownload(socket, Buffer.alloc(0));
      const received: Buffer[] = [];
      const failure = await new Promise<Error | null>((resolve) => {
        download.on("data", (piece: Buffer) => received.push(piece));
        download.once("end", () => resolve(null));
        download.once("error", resolve);
      });
      assert.ok(failure, "an error, not an end");
      assert.match(failure.message, /stopped after 11 bytes, before its end/);
      assert.equal(Buffer.concat(received).toString("latin1"), "5\r\nhello\r\n6\r\n world\r\n");
    } finally {
      peer.close();
    }
  });
});

describe("a framed download's first bytes, read with the head", () => {
  let dir: string;
  let peer: net.Server;
  let socketPath: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "framed-start-"));
    socketPath = path.join(dir, "peer.sock");
    // A peer that closes at once: the body came whole with the head, as a small one does.
    peer = net.createServer((connection) => connection.end());
    await new Promise<void>((resolve) => peer.listen(socketPath, resolve));
  });
  after(() => {
    peer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Reads `download` to its end or error, its listeners put on only after a few turns of the loop. */
  async function outcome(download: FramedDownload): Promise<{ body: string; error: Error | null }> {
    await new Promise((resolve) => setImmediate(resolve));
    const pieces: Buffer[] = [];
    return new Promise((resolve) => {
      download.on("data", (piece: Buffer) => pieces.push(piece));
      download.once("end", () => resolve({ body: Buffer.concat(pieces).toString("latin1"), error: null }));
      download.once("error", (error) => resolve({ body: Buffer.concat(pieces).toString("latin1"), error }));
    });
  }

  test("a whole body that came with the head ends, even with the connection closed before it is read", async () => {
    const download = new FramedDownload(net.connect({ path: socketPath }), Buffer.from("3\r\nabc\r\n0\r\n\r\n"));
    const { body, error } = await outcome(download);
    assert.equal(error, null);
    assert.equal(body, "3\r\nabc\r\n");
    assert.equal(download.payloadBytes, 3);
  });

  test("malformed framing in them is an error for whoever reads, not one thrown before anyone listens", async () => {
    const download = new FramedDownload(net.connect({ path: socketPath }), Buffer.from("zz\r\n"));
    const { error } = await outcome(download);
    assert.match(error?.message ?? "", /malformed: bad chunk size line/);
  });
});

/** Connected unix-socket connections to `socketPath` (the engine's side of each, from /proc/net/unix). */
function countUnixConnections(socketPath: string): number {
  return fs
    .readFileSync("/proc/net/unix", "utf8")
    .split("\n")
    .filter((line) => line.trim().endsWith(` ${socketPath}`) && line.split(/\s+/)[5] === "03").length;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
