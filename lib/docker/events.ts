import "server-only";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { currentEngine, getDocker, getDockerHost, runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";

/** The kinds of engine object whose events the dashboard follows (`docker events --filter type=…`). */
export const FOLLOWED_EVENT_TYPES = ["image", "container", "volume", "network"] as const;

/**
 * One message of the engine's event stream (`GET /events`), as the engine writes it. Older engines
 * also send `status`, `id` and `from`; `Type`, `Action` and `Actor` are what every version since
 * API 1.22 sends.
 *
 * @example {"Type":"image","Action":"tag","Actor":{"ID":"sha256:68…","Attributes":{"name":"probe/x:1"}},"time":1795971244,"timeNano":1795971244103404590}
 */
export type EngineEventMessage = {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
};

/**
 * Reads the engine's newline-delimited JSON messages as they arrive. A line that is not JSON (never
 * sent by a real engine, but a proxy may inject one) is skipped rather than ending the stream.
 */
export async function* readEngineEventMessages(stream: AsyncIterable<unknown>): AsyncGenerator<EngineEventMessage> {
  let buffered = "";
  for await (const chunk of stream) {
    buffered += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      const message = parseEventLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (message) yield message;
      newline = buffered.indexOf("\n");
    }
  }
  const last = parseEventLine(buffered);
  if (last) yield last;
}

function parseEventLine(line: string): EngineEventMessage | null {
  const text = line.trim();
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as EngineEventMessage) : null;
  } catch {
    return null;
  }
}

/**
 * Opens the engine's event stream for the followed object types. Resolves once the engine has
 * answered (it sends its headers at once, before any event); rejects with the AppError of an
 * engine that cannot be reached. The stream does not keep the process alive on its own.
 *
 * @example const stream = await openEngineEventStream(); for await (const m of readEngineEventMessages(stream)) …
 */
export async function openEngineEventStream({
  docker = getDocker(),
  host = getDockerHost(),
}: { docker?: Docker; host?: string } = {}): Promise<Readable> {
  try {
    const stream = (await docker.getEvents({ filters: { type: [...FOLLOWED_EVENT_TYPES] } })) as unknown as Readable & {
      socket?: { unref?: () => void };
    };
    stream.socket?.unref?.();
    return stream;
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: host, action: "follow events" });
  }
}

/** Whether the engine's event stream is open, or why not. */
export type EngineStreamState = { up: true } | { up: false; reason: string };

/** What a follower of the engine's events is told: every message, and every change of state. */
export type EngineEventFollower = {
  onMessage?: (message: EngineEventMessage) => void;
  /** Called at once with the current state when it is known, then on every change; `engine` is the connection followed. */
  onState?: (state: EngineStreamState, engine: EngineConnection) => void;
};

/** How long the stream stays open after its last follower left: a page reload does not reopen it. */
export const LINGER_MS = 30_000;
const FIRST_BACKOFF_MS = 250;
/** The longest wait before opening the stream again: an engine that is back is seen up within seconds. */
export const MAX_BACKOFF_MS = 2_000;

type EngineStream = {
  /** The engine followed; replaced (and the stream reopened) when its connection changes. */
  engine: EngineConnection;
  followers: Set<EngineEventFollower>;
  state: EngineStreamState | null;
  stream: Readable | null;
  running: boolean;
  stopTimer: ReturnType<typeof setTimeout> | null;
  wake: (() => void) | null;
};

const globalStreams = globalThis as unknown as { dashboardEngineStreams?: Map<string, EngineStream> };
const engineStreams: Map<string, EngineStream> = (globalStreams.dashboardEngineStreams ??= new Map());

function tell(engine: EngineStream, call: (follower: EngineEventFollower) => void): void {
  for (const follower of [...engine.followers]) {
    try {
      call(follower);
    } catch {
      // One broken follower (a connection closing meanwhile) must not starve the others.
    }
  }
}

function setStreamState(engine: EngineStream, state: EngineStreamState): void {
  const previous = engine.state;
  if (previous && previous.up === state.up && (state.up || (!previous.up && previous.reason === state.reason))) return;
  engine.state = state;
  tell(engine, (follower) => follower.onState?.(state, engine.engine));
}

function waitBeforeRetry(engine: EngineStream, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    // A waiting reconnect must not keep the process alive on its own.
    timer.unref?.();
    function done() {
      clearTimeout(timer);
      engine.wake = null;
      resolve();
    }
    engine.wake = done;
  });
}

const wanted = (engine: EngineStream) => engine.followers.size > 0 || engine.stopTimer !== null;

async function keepStreaming(engine: EngineStream): Promise<void> {
  engine.running = true;
  let backoff = FIRST_BACKOFF_MS;
  while (wanted(engine)) {
    let reason: string;
    try {
      // Read on each attempt: a changed connection (the engine was edited) is used from the next one.
      const connection = engine.engine;
      const stream = await runOnEngine(connection, () => openEngineEventStream({ docker: connection.docker, host: connection.host }));
      if (!wanted(engine)) {
        stream.destroy();
        break;
      }
      engine.stream = stream;
      backoff = FIRST_BACKOFF_MS;
      setStreamState(engine, { up: true });
      for await (const message of readEngineEventMessages(stream)) tell(engine, (follower) => follower.onMessage?.(message));
      reason = "the engine closed its event stream (it stopped or is restarting)";
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    } finally {
      engine.stream?.destroy();
      engine.stream = null;
    }
    if (!wanted(engine)) break;
    setStreamState(engine, { up: false, reason });
    await waitBeforeRetry(engine, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
  engine.running = false;
  engine.state = null;
}

function closeStream(engine: EngineStream): void {
  engine.stopTimer = null;
  if (engine.followers.size > 0) return;
  if (engineStreams.get(engine.engine.id) === engine) engineStreams.delete(engine.engine.id);
  engine.stream?.destroy();
  engine.wake?.();
}

/**
 * Follows the engine's event stream: one connection per engine, however many follow it (the
 * engine sends every event down every `GET /events` it holds). The first follower opens it; when
 * it ends (the engine stopped or restarted) it is opened again with a backoff capped at
 * MAX_BACKOFF_MS; it closes LINGER_MS after the last follower left. Returns the function that stops
 * following. Streams are kept by engine id: the current engine's unless `engine` is given.
 *
 * @example const stop = followEngineEvents({ onMessage: (m) => …, onState: (s) => … });
 */
export function followEngineEvents(
  follower: EngineEventFollower,
  { engine: connection = currentEngine() }: { engine?: EngineConnection } = {},
): () => void {
  let engine = engineStreams.get(connection.id);
  if (!engine) {
    engine = { engine: connection, followers: new Set(), state: null, stream: null, running: false, stopTimer: null, wake: null };
    engineStreams.set(connection.id, engine);
  }
  const current = engine;
  if (current.stopTimer) {
    clearTimeout(current.stopTimer);
    current.stopTimer = null;
  }
  current.followers.add(follower);
  if (current.state) follower.onState?.(current.state, current.engine);
  if (!current.running) void keepStreaming(current);
  return () => {
    if (!current.followers.delete(follower) || current.followers.size > 0) return;
    current.stopTimer = setTimeout(() => closeStream(current), LINGER_MS);
    current.stopTimer.unref?.();
  };
}

/** Whether the engine's event stream is open and how many follow it (tests, the benchmark). */
export function engineEventStreamStatus(engineId = currentEngine().id): { followers: number; streaming: boolean } {
  const engine = engineStreams.get(engineId);
  return { followers: engine?.followers.size ?? 0, streaming: Boolean(engine?.stream) };
}

/** Closes at once the streams nobody follows any more, without waiting LINGER_MS (tests). */
export function closeUnfollowedEngineEventStreams(): void {
  for (const engine of [...engineStreams.values()]) {
    if (engine.followers.size > 0) continue;
    if (engine.stopTimer) clearTimeout(engine.stopTimer);
    closeStream(engine);
  }
}

/**
 * The engine's connection changed (it was edited): its stream, if open, is closed and opened again
 * on the new connection, and its followers are told the state it then reaches.
 */
export function reconnectEngineEvents(connection: EngineConnection): void {
  const engine = engineStreams.get(connection.id);
  if (!engine) return;
  engine.engine = connection;
  engine.stream?.destroy();
  engine.wake?.();
}

/** The engine is gone (removed): its stream closes at once and its followers hear nothing more. */
export function closeEngineEvents(engineId: string): void {
  const engine = engineStreams.get(engineId);
  if (!engine) return;
  engine.followers.clear();
  if (engine.stopTimer) clearTimeout(engine.stopTimer);
  closeStream(engine);
}
