import "server-only";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { Socket } from "node:net";
import { PassThrough, type Readable } from "node:stream";
import { engineApiPrefix, engineRefusal, plainEngineAddress } from "@/lib/docker/plain-engine";

// An upload's bytes moved from the client's socket to the engine's by `pv`, a native process,
// instead of through Node: Node reads every 64 KiB of a socket into a new buffer and its HTTP
// server copies each piece of a body once more, about 1 s of CPU per GB that, on a small host,
// the engine would have used. pv moves the same gigabyte with under half a second. Node still
// reads the request's head and the body's first bytes (to check it is an archive), writes the
// engine request's head and those bytes, and reads the engine's answer; pv moves the rest,
// knowing nothing but two file descriptors and a byte count.

/**
 * An upload whose body is still in the client's socket: Node has read `head` of it (the archive
 * check's bytes, and whatever came with them) and stopped reading; the other `length - head.length`
 * bytes are for the pump. The route that made it closes the connection after answering.
 */
export class SocketBody {
  /** Bytes of the body that have reached the engine so far (final once the pump has exited). */
  moved = 0;
  /** True once the pump has started: from then on, Node's parser has lost its place in the socket. */
  pumping = false;
  /** Called once the pump has exited (or will not start). */
  readonly pumpDone: (() => void)[] = [];
  /**
   * Hands the socket back to Node when the pump never started (the upload was refused first), so
   * the rest of the body is read and dropped as before and the answer reaches the client whole.
   * Set by whoever took the socket (lib/http/socket-body).
   */
  release: () => void = () => undefined;

  constructor(
    readonly socket: Socket,
    readonly head: Buffer,
    /** The whole body's length (its Content-Length), head included. */
    readonly length: number,
  ) {}

  finish(): void {
    for (const done of this.pumpDone.splice(0)) done();
  }
}

/** The pumps running now: ended with the server, whose sockets they hold copies of. */
const runningPumps = new Set<ChildProcess>();
process.once("exit", () => {
  for (const pump of runningPumps) pump.kill();
});

let pvInstalled: boolean | undefined;

/** True when `pv` is on the PATH (looked up once). */
function pumpInstalled(): boolean {
  pvInstalled ??= spawnSync("pv", ["--version"], { stdio: "ignore" }).status === 0;
  return pvInstalled;
}

/** True when an upload to the current engine can be pumped: pv is installed and the engine's connection is plain. */
export function canPumpUploads(): boolean {
  return pumpInstalled() && plainEngineAddress() !== null;
}

/** The count pv printed last (`-n -b`: one number per line), or 0 before any. */
function lastCount(report: string): number {
  const lines = report.trim().split("\n");
  return Number(lines[lines.length - 1]) || 0;
}

/**
 * POSTs `body` to the current engine at `path?query`, the body's head written by Node and the
 * rest pumped by pv from the client's socket, and resolves to the engine's answer once its status
 * is 2xx (a refusal rejects, shaped as dockerode's errors). A body that stops short (the client
 * went away) destroys the engine request, so the engine keeps nothing of it; so does a reader
 * that stops reading the answer. The body's `moved` counts what reached the engine.
 */
export function pumpToEngine(path: string, query: URLSearchParams, body: SocketBody): Promise<Readable> {
  const address = plainEngineAddress();
  if (!address) return Promise.reject(new Error("the engine's connection is not plain: its uploads cannot be pumped"));
  const prefix = engineApiPrefix();
  return new Promise<Readable>((resolve, reject) => {
    const request = http.request({
      ...address,
      method: "POST",
      path: `${prefix}${path}?${query.toString()}`,
      agent: false,
      headers: { "content-type": "application/x-tar", "content-length": String(body.length), connection: "close" },
    });
    let pump: ChildProcess | null = null;
    // The answer as the caller reads it: it ends once the engine's has ended *and* the pump has
    // exited, so the count is final when the reader is done.
    let answer: PassThrough | null = null;
    let readerGone = false;
    let refusing = false;
    let settled = false;
    const pumpDone = new Promise<void>((resolveDone) => body.pumpDone.push(resolveDone));
    const fail = (error: Error) => {
      pump?.kill();
      if (!body.pumping) body.finish();
      if (!settled) {
        settled = true;
        reject(error);
      }
      answer?.destroy(error);
      request.destroy();
    };
    request.on("error", fail);
    request.on("response", (response) => {
      if ((response.statusCode ?? 500) >= 400) {
        // The engine's own words win over the pump's end (it stops when the engine hangs up).
        refusing = true;
        void engineRefusal(response).then(fail, fail);
        return;
      }
      settled = true;
      answer = new PassThrough();
      response.on("error", (error) => answer!.destroy(error));
      response.pipe(answer, { end: false });
      response.once("end", () => void pumpDone.then(() => answer!.end()));
      // The reader stopped before the end (it gave up): nothing more is to reach the engine.
      answer.once("close", () => {
        readerGone = true;
        if (!answer!.writableFinished) {
          pump?.kill();
          response.destroy();
          request.destroy();
        }
      });
      resolve(answer);
    });
    request.write(body.head, (error) => {
      if (error || request.destroyed || readerGone) return body.finish();
      body.moved = body.head.length;
      const clientFd = (body.socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      const engineFd = (request.socket as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
      if (typeof clientFd !== "number" || clientFd < 0 || typeof engineFd !== "number" || engineFd < 0) {
        fail(new Error("the upload's sockets could not be handed to the pump"));
        return body.finish();
      }
      const rest = body.length - body.head.length;
      body.pumping = true;
      // The sockets go to the pump as descriptors 3 and 4, which the shell makes pv's input and
      // output: libuv turns a child's descriptors 0 to 2 into blocking ones, and a socket's flag is
      // shared with Node's own descriptor, whose writes would then stop the event loop. pv waits for
      // its non-blocking descriptors itself. -n -b: the byte count as a number, once at the end
      // (-i: none meanwhile); -s -S: stop at the body's end, whatever follows it; -B: 1 MiB reads
      // and writes. The command line holds a number and nothing else.
      const child = spawn("sh", ["-c", `exec pv -f -n -b -i 86400 -B 1m -s ${rest} -S <&3 >&4 3<&- 4<&-`], {
        stdio: ["ignore", "ignore", "pipe", clientFd, engineFd],
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv,
      });
      pump = child;
      runningPumps.add(child);
      let report = "";
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        report = (report + chunk).slice(-256);
      });
      child.on("error", (spawnError) => fail(spawnError));
      child.on("close", () => {
        runningPumps.delete(child);
        body.moved = body.head.length + lastCount(report);
        body.finish();
        if (body.moved === body.length) request.end();
        else if (!refusing) fail(new Error(`The upload stopped after ${body.moved} of ${body.length} bytes: the client went away.`));
        else request.destroy();
      });
    });
  });
}
