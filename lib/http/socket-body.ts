import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { peekStream } from "@/lib/archive/streams";
import { canPumpUploads, SocketBody } from "@/lib/docker/upload-pump";

/** Below this, an upload goes through Node: starting the pump costs more than it saves. */
export const PUMP_MIN_BYTES = 1 << 20;

/** The bytes an archive check needs (lib/archive/sniff reads the first 512). */
const HEAD_BYTES = 512;

/** Node's own fields of an HTTP server's socket that the hand-off relies on (Node 20 and later). */
type ServerSocketInternals = {
  _paused?: boolean;
  encrypted?: boolean;
  _handle?: { fd?: number; reading?: boolean; readStop?: () => number; readStart?: () => number } | null;
};

/**
 * The upload `req` as a body for the engine's pump (lib/docker/upload-pump), when it can be one:
 * a plain-TCP request with a Content-Length of at least PUMP_MIN_BYTES, to an engine the pump
 * reaches. Node reads the body's first bytes (kept as its head), then stops reading the socket
 * for good: the bytes after them are the pump's, and a single one read by Node would be missing
 * from the engine's copy. The server's own flag for a socket it holds back is set, and the
 * socket's read switch is disabled too, since the server lifts that flag whenever the answer's
 * writes drain. The answer closes the connection (Node's parser never saw the rest of the
 * body), unless the upload was refused before the pump started: the body's `release()` then hands
 * the socket back to Node, which reads the rest and drops it. Otherwise `req` itself, read by
 * Node as before.
 */
export async function uploadBody(req: IncomingMessage, res: ServerResponse): Promise<Readable | SocketBody> {
  const length = Number(req.headers["content-length"]);
  const socket = req.socket as typeof req.socket & ServerSocketInternals;
  const handle = socket._handle;
  if (
    req.headers["transfer-encoding"] !== undefined ||
    !Number.isSafeInteger(length) ||
    length < PUMP_MIN_BYTES ||
    socket.encrypted ||
    typeof handle?.fd !== "number" ||
    handle.fd < 0 ||
    typeof handle.readStop !== "function" ||
    typeof handle.readStart !== "function" ||
    !canPumpUploads()
  )
    return req;
  const { whole } = await peekStream(req, HEAD_BYTES);
  if (whole !== req || req.readableEnded) return whole;
  const keepAlive = res.shouldKeepAlive;
  const readStart = handle.readStart.bind(handle);
  socket._paused = true;
  handle.reading = false;
  handle.readStop();
  handle.readStart = () => 0;
  res.shouldKeepAlive = false;
  res.setHeader("connection", "close");
  const pieces: Buffer[] = [];
  for (let piece = req.read() as Buffer | null; piece !== null; piece = req.read() as Buffer | null) pieces.push(piece);
  const body = new SocketBody(socket, Buffer.concat(pieces), length);
  body.release = () => {
    if (body.pumping || res.headersSent) return;
    // Node's parser has seen every byte read so far: it can go on reading the body (and drop it).
    delete handle.readStart;
    socket._paused = false;
    handle.reading = true;
    readStart();
    res.shouldKeepAlive = keepAlive;
    // Set, not removed: Node adds no Connection header at all to an answer whose header was removed.
    res.setHeader("connection", keepAlive ? "keep-alive" : "close");
  };
  return body;
}
