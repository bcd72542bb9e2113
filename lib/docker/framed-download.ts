import "server-only";
import http, { type OutgoingMessage } from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import { countBytes } from "@/lib/archive/streams";
import { ChunkedFraming } from "@/lib/docker/chunked-framing";
import { engineApiPrefix, engineRefusal, plainEngineAddress } from "@/lib/docker/plain-engine";

// A download (docker save, docker export) read from the engine's socket with its chunked framing
// left as it is, so that an HTTP/1.1 response can pass the bytes on unchanged: Node no longer
// parses each chunk into a buffer of its own and frames it again on the way out. By hand, 1 GB
// exports read to /dev/null cost the server 1.8–2.0 s of CPU, against 2.1–2.2 s for a plain Node
// proxy; most of what is left is the kernel copying into the client's TCP connection. The payload
// is still counted to the byte, and the engine's last chunk is held back, so a stream that stops
// short never ends like a whole one.

/** Longest response head accepted from the engine. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * The engine's chunked body as it came (size lines, payload, CRLFs), up to but without its last
 * chunk: an HTTP/1.1 response with `Transfer-Encoding: chunked` passes it on and ends with its own
 * last chunk. `payloadBytes` counts the archive's bytes. An engine stream that stops before its
 * last chunk is an error, never an end.
 */
export class FramedDownload extends Readable {
  private readonly framing = new ChunkedFraming();
  /**
   * The body's bytes that came with the head, taken on the first read rather than at once: an
   * error found in them is emitted once whoever reads has its listeners on.
   */
  private bodyStart: Buffer | null;

  constructor(
    private readonly socket: net.Socket,
    bodyStart: Buffer,
  ) {
    super();
    this.bodyStart = bodyStart.length > 0 ? bodyStart : null;
    socket.on("data", (chunk: Buffer) => this.passOn(chunk));
    socket.on("end", () => this.stoppedShort());
    socket.on("close", () => this.stoppedShort());
    socket.on("error", (error) => this.destroy(error));
  }

  /** The archive's bytes read so far, framing left out. */
  get payloadBytes(): number {
    return this.framing.payloadBytes;
  }

  /** Passes on what `chunk` holds before the last chunk; false once no more is wanted (ended, failed or full). */
  private passOn(chunk: Buffer): boolean {
    if (this.framing.ended || this.destroyed) return false;
    let pieces: Buffer[];
    try {
      pieces = this.framing.feed(chunk);
    } catch (error) {
      this.destroy(error as Error);
      return false;
    }
    let wantsMore = true;
    for (const piece of pieces) wantsMore = this.push(piece) && wantsMore;
    if (this.framing.ended) {
      this.push(null);
      this.socket.destroy();
      return false;
    }
    if (!wantsMore) this.socket.pause();
    return wantsMore;
  }

  private takeBodyStart(): boolean {
    const start = this.bodyStart;
    this.bodyStart = null;
    return start ? this.passOn(start) : true;
  }

  private stoppedShort(): void {
    this.takeBodyStart();
    if (this.framing.ended || this.destroyed) return;
    this.destroy(new Error(`the engine's stream stopped after ${this.payloadBytes} bytes, before its end`));
  }

  override _read(): void {
    if (this.takeBodyStart()) this.socket.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

/**
 * GETs `path` (with its query) from the current engine over a connection of its own and resolves
 * to the answer's chunked body as a FramedDownload; or to null when that cannot be done (the
 * engine's connection is not plain, it could not be reached, it refused, or its answer is not
 * chunked), so that the caller asks through dockerode instead, whose errors say what went wrong.
 */
export function openFramedDownload(path: string): Promise<FramedDownload | null> {
  const address = plainEngineAddress();
  if (!address) return Promise.resolve(null);
  return new Promise((resolve) => {
    const socket = "socketPath" in address ? net.connect({ path: address.socketPath }) : net.connect(address);
    let head = Buffer.alloc(0);
    const giveUp = () => {
      socket.destroy();
      resolve(null);
    };
    const readHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > MAX_HEAD_BYTES) giveUp();
        return;
      }
      socket.pause();
      socket.off("data", readHead).off("error", giveUp).off("close", giveUp);
      const [statusLine = "", ...fields] = head.toString("latin1", 0, end).split("\r\n");
      const ok = /^HTTP\/1\.1 200 /.test(statusLine);
      const chunked = fields.some((field) => /^transfer-encoding:[ \t]*chunked[ \t]*$/i.test(field));
      if (!ok || !chunked) return giveUp();
      resolve(new FramedDownload(socket, head.subarray(end + 4)));
    };
    socket.on("data", readHead).on("error", giveUp).on("close", giveUp);
    socket.write(`GET ${engineApiPrefix()}${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`);
  });
}

/**
 * Writes a FramedDownload's chunks onto `message`'s connection as they are, with back-pressure,
 * after its head (a response or request whose head says `Transfer-Encoding: chunked`, flushed
 * already); `message.end()` then writes the last chunk, and the connection goes on as after any
 * chunked message. A download that fails is left to its owner, who cuts the connection.
 */
export function relayFramed(message: OutgoingMessage, download: FramedDownload): void {
  const connection = message.socket;
  if (!connection) {
    // A response queued behind another on its connection, or a request whose connection is being
    // made: the message gets its socket, then writes its head there (emit "socket", then flush).
    message.once("socket", () => process.nextTick(() => relayFramed(message, download)));
    return;
  }
  download.on("data", (piece: Buffer) => {
    if (connection.write(piece)) return;
    download.pause();
    connection.once("drain", () => download.resume());
  });
  download.once("end", () => message.end());
}

/**
 * POSTs `download` to the current engine at `path?query` as a chunked body whose chunks are the
 * source engine's own (`docker save | docker load` between two engines without Node re-framing
 * either side), and resolves to the engine's answer once its status is 2xx; a refusal rejects,
 * shaped as dockerode's errors. A download that fails or is dropped before its end destroys the
 * request, so the engine never sees a last chunk and keeps nothing.
 */
export function postFramedToEngine(path: string, query: URLSearchParams, download: FramedDownload): Promise<http.IncomingMessage> {
  const address = plainEngineAddress();
  if (!address) return Promise.reject(new Error("the engine's connection is not plain: a framed body cannot be sent to it"));
  return new Promise((resolve, reject) => {
    const request = http.request({
      ...address,
      method: "POST",
      path: `${engineApiPrefix()}${path}?${query.toString()}`,
      agent: false,
      headers: { "content-type": "application/x-tar", "transfer-encoding": "chunked", connection: "close" },
    });
    request.flushHeaders();
    // The head is flushed onto the connection as the request gets it (while it is still being
    // made, queued in order): the chunks go after it.
    relayFramed(request, download);
    let refused = false;
    download.once("close", () => {
      if (!download.readableEnded && !refused) request.destroy(new Error(`the archive stopped after ${download.payloadBytes} bytes`));
    });
    request.on("error", reject);
    request.once("response", (response) => {
      if ((response.statusCode ?? 500) < 400) return resolve(response);
      // Refused before the body's end: stop sending, and keep the engine's own message.
      refused = true;
      download.destroy();
      engineRefusal(response)
        .then(reject, reject)
        .finally(() => request.destroy());
    });
  });
}

/**
 * An archive stream and a count of its archive bytes: a FramedDownload counts its own payload (its
 * chunks pass on with their framing); any other stream is counted as it flows.
 */
export function countArchiveBytes(stream: Readable): { stream: Readable; bytes: () => number } {
  return stream instanceof FramedDownload ? { stream, bytes: () => stream.payloadBytes } : countBytes(stream);
}
