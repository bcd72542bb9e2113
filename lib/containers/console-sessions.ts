import "server-only";
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { consoleRequestSchema } from "@/lib/containers/schemas";
import type { ConsoleRequest, ConsoleStatus, EndReason, OpenedConsole } from "@/lib/containers/types";
import { beginAction, type AuditHandle } from "@/lib/audit/actions";
import { actorName, type Principal } from "@/lib/auth/roles";
import { dockerExecCommand } from "@/lib/cli/command";
import { currentEngine, runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { validateContainerRef } from "@/lib/containers/container-ref";
import {
  inspectExec,
  inspectExecTarget,
  resizeExec,
  signalMarkedProcesses,
  startInteractiveExec,
  type ExecState,
  type ExecTarget,
} from "@/lib/docker/exec";
import { AppError, BadRequestError } from "@/lib/errors";
import { markConsoleEnded, releaseConsole, reserveConsole } from "@/lib/containers/console-holders";
import { ensureInstanceRegistered } from "@/lib/instances/actions";
import { currentInstanceId } from "@/lib/instances/queries";

// In-browser consoles (`docker exec -it CONTAINER sh`) over plain HTTP: Next.js route handlers
// cannot take a WebSocket upgrade, so the terminal is a streamed GET for the screen plus POSTs for
// keystrokes and resizes. The hijacked engine socket lives here, between those requests, in a
// registry every route bundle shares.

/** Keystrokes arrive batched; a paste larger than this is sent in several requests. */
export const MAX_INPUT_BYTES = 64 * 1024;
/** Screen output kept while nobody reads; beyond it the engine socket is paused (backpressure). */
export const MAX_PENDING_OUTPUT = 256 * 1024;
/** A session nobody started reading within this long is ended. */
export const READER_TIMEOUT_MS = 30_000;
/** An ended session answers status requests (its exit code) this long, then is forgotten. */
export const ENDED_RETENTION_MS = 60_000;
export { MAX_OPEN_PER_OWNER } from "@/lib/containers/console-holders";
const EXIT_WAIT_MS = 2_000;

/** Why a session ended: the process exited, its reader went away, DELETE, or nobody read it. */
/**
 * Screen bytes waiting for a reader, in order; reports when it holds more than `limit` so the
 * caller can stop reading from the engine until the reader catches up.
 */
export class PendingOutput {
  private chunks: Uint8Array[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  get bytes(): number {
    return this.size;
  }

  /** Adds a chunk; true when the queue is now over its limit. */
  push(chunk: Uint8Array): boolean {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.size += chunk.byteLength;
    }
    return this.size > this.limit;
  }

  /** Everything queued, oldest first, leaving the queue empty. */
  drain(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    this.size = 0;
    return chunks;
  }
}

/**
 * Who may use a session: the user (any of their browser sessions) or the token that opened it.
 *
 * @example ownerKey({ kind: "token", id: "t1", name: "ci", role: "operator", createdBy: "ana" }) // "token:t1"
 */
export function ownerKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

type ConsoleSession = {
  id: string;
  /** The engine the shell runs on: later calls (resize, hang-up) go there whatever request makes them. */
  engine: EngineConnection;
  owner: string;
  container: ExecTarget;
  execId: string;
  command: string;
  user: string | undefined;
  /** `NAME=value` in the exec's environment, to find its processes when hanging up. */
  marker: string;
  socket: Duplex;
  pending: PendingOutput;
  reader: ReadableStreamDefaultController<Uint8Array> | null;
  readerAttached: boolean;
  state: ConsoleStatus["state"];
  endedBy: EndReason | null;
  exitCode: number | null;
  ending: Promise<void> | null;
  readerTimer: NodeJS.Timeout;
  audit: AuditHandle;
};

// One registry per process, whichever route bundle (or dev-server reload) asks for it.
const REGISTRY = Symbol.for("dashboard.consoleSessions");
const registryHolder = globalThis as unknown as { [REGISTRY]?: Map<string, ConsoleSession> };
const sessions: Map<string, ConsoleSession> = (registryHolder[REGISTRY] ??= new Map());

const SESSION_ID = /^[0-9a-f]{32}$/;

/** Whether this process holds the session (its engine stream); if not, another instance may. */
export function holdsConsole(id: string): boolean {
  return sessions.has(id);
}

function findSession(id: string, principal: Principal): ConsoleSession {
  const session = SESSION_ID.test(id) ? sessions.get(id) : undefined;
  // Another user's session is answered like a missing one: its ID is nobody else's business.
  if (!session || session.owner !== ownerKey(principal)) {
    throw new AppError("not_found:console", `No console session ${id.slice(0, 64)}: it ended more than a minute ago, or it is not yours.`);
  }
  return session;
}

function requireOpen(session: ConsoleSession): void {
  if (session.state !== "open") {
    throw new AppError(
      "conflict:console",
      `The console in container ${session.container.name} has ended${session.exitCode === null ? "" : ` (exit code ${session.exitCode})`}.`,
    );
  }
}

function statusOf(session: ConsoleSession): ConsoleStatus {
  return {
    session: session.id,
    execId: session.execId,
    container: { id: session.container.id, name: session.container.name },
    command: session.command,
    state: session.state,
    exitCode: session.exitCode,
    endedBy: session.endedBy,
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The exec's state once it stops running, or as it is when `waitMs` runs out; null if the engine cannot say. */
async function waitForExit(session: ConsoleSession, waitMs: number): Promise<ExecState | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let state: ExecState;
    try {
      state = await runOnEngine(session.engine, () => inspectExec({ execId: session.execId, container: session.container.name }));
    } catch {
      return null;
    }
    if (!state.running || Date.now() >= deadline) return state;
    await delay(50);
  }
}

function deliver(session: ConsoleSession, chunk: Uint8Array): void {
  const reader = session.reader;
  if (reader) {
    try {
      reader.enqueue(chunk);
      if ((reader.desiredSize ?? 1) <= 0) session.socket.pause();
      return;
    } catch {
      session.reader = null;
    }
  }
  if (session.pending.push(chunk)) session.socket.pause();
}

function closeReader(session: ConsoleSession): void {
  const reader = session.reader;
  session.reader = null;
  if (!reader) return;
  try {
    for (const chunk of session.pending.drain()) reader.enqueue(chunk);
    reader.close();
  } catch {
    // The reader went away meanwhile.
  }
}

/**
 * Ends a session once, however many callers ask: hangs up the process if it still runs (SIGHUP,
 * then SIGKILL), closes the engine socket, records the exit code in the audit row, ends the
 * reader's stream, and forgets the session a minute later.
 */
function endSession(session: ConsoleSession, reason: EndReason): Promise<void> {
  session.endedBy ??= reason;
  session.ending ??= (async () => {
    session.state = "ending";
    clearTimeout(session.readerTimer);
    // A process that exited by itself: give the engine a moment to record its exit code.
    let state = await waitForExit(session, reason === "exited" ? EXIT_WAIT_MS : 0);
    let hangupError: string | null = null;
    for (const signal of ["HUP", "KILL"] as const) {
      if (!state?.running) break;
      try {
        await runOnEngine(session.engine, () =>
          signalMarkedProcesses({ container: session.container, marker: session.marker, signal, user: session.user }),
        );
      } catch (error) {
        hangupError = error instanceof Error ? error.message : String(error);
        console.error(`console ${session.id}: could not send SIG${signal}`, error);
      }
      state = await waitForExit(session, EXIT_WAIT_MS);
    }
    session.socket.destroy();
    session.exitCode = state?.exitCode ?? null;
    session.state = "ended";
    closeReader(session);
    await session.audit.succeed({
      exitCode: session.exitCode,
      endedBy: session.endedBy,
      ...(state?.running ? { stillRunning: true, error: hangupError ?? "the process did not exit after SIGKILL" } : {}),
    });
    // No longer counted against its owner's limit on any instance.
    await markConsoleEnded(session.id).catch((error: unknown) =>
      console.error(`console ${session.id}: could not record its end; it counts as open until this instance stops`, error),
    );
    setTimeout(() => {
      sessions.delete(session.id);
      void releaseConsole(session.id).catch((error: unknown) =>
        console.error(`console ${session.id}: could not forget its holder row`, error),
      );
    }, ENDED_RETENTION_MS).unref();
  })();
  return session.ending;
}

/**
 * `docker exec -it CONTAINER COMMAND`: starts the process on a TTY and keeps its socket for the
 * caller's output, input and resize requests. 404 for an unknown container, 409 when it is not
 * running. Audited as `container.exec`; the row completes with the exit code when the session ends.
 *
 * @example await openConsole({ container: "web", request: { cols: 120, rows: 30 }, principal })
 */
export async function openConsole({
  container: ref,
  request,
  principal,
}: {
  container: string;
  request: ConsoleRequest;
  principal: Principal;
}): Promise<OpenedConsole> {
  const parsed = consoleRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new BadRequestError(
      "console",
      `Invalid console request: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")}`,
    );
  }
  const { command, cols, rows, user, workingDir } = parsed.data;
  const container = await inspectExecTarget(validateContainerRef(ref));
  if (container.paused)
    throw new AppError("conflict:container", `Container ${container.name} is paused: unpause it to open a console.`, {
      details: { state: container.status },
    });
  if (!container.running)
    throw new AppError(
      "conflict:container",
      `Container ${container.name} is not running (${container.status}): start it to open a console.`,
      { details: { state: container.status } },
    );
  const owner = ownerKey(principal);
  const id = randomBytes(16).toString("hex");
  // Its row names the instance holding the engine stream (a request for this session that a load
  // balancer sends to another instance is relayed here: console-relay.ts) and counts toward the
  // owner's limit on every instance.
  // A database that cannot take the heartbeat cannot take the console's row either: reserveConsole says so.
  await ensureInstanceRegistered().catch(() => undefined);
  await reserveConsole({ id, owner, instanceId: currentInstanceId() });

  const cli = dockerExecCommand({ container: container.name, command, tty: true, interactive: true, user, workingDir });
  let audit: AuditHandle;
  try {
    audit = await beginAction({
      action: "container.exec",
      target: container.name,
      params: { command, user, workingDir },
      command: cli,
      actor: actorName(principal),
    });
  } catch (error) {
    await releaseConsole(id).catch(() => undefined);
    throw error;
  }
  const marker = `DASHBOARD_CONSOLE=${randomBytes(16).toString("hex")}`;
  let started: Awaited<ReturnType<typeof startInteractiveExec>>;
  try {
    started = await startInteractiveExec({
      container,
      command,
      user,
      workingDir,
      env: [marker],
      size: cols && rows ? { cols, rows } : undefined,
    });
  } catch (error) {
    await releaseConsole(id).catch(() => undefined);
    await audit.fail(error);
    throw error;
  }

  const session: ConsoleSession = {
    engine: currentEngine(),
    id,
    owner,
    container,
    execId: started.execId,
    command: cli,
    user,
    marker,
    socket: started.socket,
    pending: new PendingOutput(MAX_PENDING_OUTPUT),
    reader: null,
    readerAttached: false,
    state: "open",
    endedBy: null,
    exitCode: null,
    ending: null,
    readerTimer: setTimeout(() => void endSession(session, "idle"), READER_TIMEOUT_MS).unref(),
    audit,
  };
  sessions.set(session.id, session);
  started.socket.on("data", (chunk: Buffer) => deliver(session, chunk));
  // The engine closes the socket when the process exits (or the container stops).
  started.socket.on("close", () => void endSession(session, "exited"));
  started.socket.on("error", (error) => {
    if (session.state === "open") console.error(`console ${session.id}: engine socket failed`, error);
  });
  if (cols && rows) {
    // Engines before API 1.42 ignore ConsoleSize; a failure here only leaves the default 80x24.
    await resizeExec({ execId: session.execId, container: container.name, cols, rows }).catch(() => undefined);
  }
  return { session: session.id, execId: session.execId, container: { id: container.id, name: container.name }, command: cli };
}

/**
 * The terminal's output as a byte stream, from the first byte the process wrote; it ends when the
 * session ends. One reader per session (409 for a second); when the reader goes away (tab closed,
 * request aborted) the session ends and the process is hung up.
 */
export function readConsoleOutput({ session: id, principal }: { session: string; principal: Principal }): ReadableStream<Uint8Array> {
  const session = findSession(id, principal);
  if (session.readerAttached)
    throw new AppError("conflict:console", "This console is already shown elsewhere; open a new session instead.");
  session.readerAttached = true;
  clearTimeout(session.readerTimer);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        session.reader = controller;
        for (const chunk of session.pending.drain()) controller.enqueue(chunk);
        if (session.state === "ended") closeReader(session);
      },
      pull() {
        if (session.state !== "ended") session.socket.resume();
      },
      cancel() {
        session.reader = null;
        void endSession(session, "closed");
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** Ends the session because its reader's request was aborted (the stream may never have been pulled). */
export function abandonConsole({ session: id, principal }: { session: string; principal: Principal }): void {
  const session = sessions.get(id);
  if (session && session.owner === ownerKey(principal)) void endSession(session, "closed");
}

/** Keystrokes (and the terminal's own replies, like cursor reports), in order, to the process. */
export async function writeConsoleInput({
  session: id,
  principal,
  data,
}: {
  session: string;
  principal: Principal;
  data: Uint8Array;
}): Promise<void> {
  const session = findSession(id, principal);
  requireOpen(session);
  if (data.byteLength === 0) return;
  await new Promise<void>((resolve, reject) =>
    session.socket.write(data, (error) =>
      error
        ? reject(
            new AppError("conflict:console", `The console in container ${session.container.name} closed before the input was written.`, {
              cause: error,
            }),
          )
        : resolve(),
    ),
  );
}

/** `docker exec` resize: the process sees the new size (SIGWINCH, `stty size`). */
export async function resizeConsole({
  session: id,
  principal,
  cols,
  rows,
}: {
  session: string;
  principal: Principal;
  cols: number;
  rows: number;
}): Promise<void> {
  const session = findSession(id, principal);
  requireOpen(session);
  await runOnEngine(session.engine, () => resizeExec({ execId: session.execId, container: session.container.name, cols, rows }));
}

/** Ends the session (hanging up its process) and answers its final status with the exit code. */
export async function endConsole({ session: id, principal }: { session: string; principal: Principal }): Promise<ConsoleStatus> {
  const session = findSession(id, principal);
  await endSession(session, "ended");
  return statusOf(session);
}

/** The session's state; once ended, its exit code as the engine's exec inspect reported it. */
export async function getConsoleStatus({ session: id, principal }: { session: string; principal: Principal }): Promise<ConsoleStatus> {
  const session = findSession(id, principal);
  // An exit the engine already saw is waited for, so "ended" and its code arrive together.
  if (session.state === "ending") await session.ending;
  return statusOf(session);
}
