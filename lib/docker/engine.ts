import "server-only";
import { currentEngine, getDocker, getDockerHost } from "@/lib/docker/client";
import {
  engineMessage,
  engineUnavailableError,
  isEngineUnreachable,
  isTlsFailure,
  toEngineError,
  unreachableReason,
} from "@/lib/docker/errors";
import { AppError } from "@/lib/errors";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import { isSshEngineError, type SshEngineErrorCode } from "@/lib/docker/ssh";
import type { EngineInfo } from "@/lib/docker/types";

type EngineFacts = Pick<
  Extract<EngineInfo, { reachable: true }>,
  "version" | "apiVersion" | "os" | "arch" | "kernelVersion" | "operatingSystem" | "storageDriver"
> & { kind: "docker" | "podman" };

/**
 * What the header shows is asked for by every page render and by every open tab every 3 s, so it
 * must cost next to nothing. `docker info` does not: the engine walks its storage and containers
 * to answer it (~100 ms under load). So:
 * - the facts that only change when the engine restarts (version, API version, OS, storage
 *   driver...) are read once and kept; forgotten whenever the engine is seen down (it may come
 *   back upgraded), and read again in the background every FACTS_MAX_AGE_MS in case it restarted
 *   between two looks;
 * - liveness is `GET /_ping`, the engine's cheapest call, one at a time: callers that arrive while
 *   a ping is on its way share its answer. `GET /api/engine` never reuses an answer that has
 *   arrived, so a stopped engine shows on the next poll; a page's header may (`maxAgeMs`);
 * - the image and container counts come from the engine snapshot, which is kept up to date from
 *   the engine's event stream.
 */
const FACTS_MAX_AGE_MS = 60_000;

type State = {
  facts: { value: EngineFacts; at: number } | null;
  loadingFacts: Promise<EngineFacts> | null;
  ping: Promise<unknown> | null;
  /** The last answer, and when its look started. */
  last: { info: EngineInfo; at: number } | null;
};
// One status per engine id: engine B's facts or last answer never stand for engine A's.
const globalState = globalThis as unknown as { dashboardEngineStatuses?: Map<string, State> };
const states: Map<string, State> = (globalState.dashboardEngineStatuses ??= new Map());

/** The current engine's status state, made on first use. */
function engineState(): State {
  const id = currentEngine().id;
  let state = states.get(id);
  if (!state) {
    state = { facts: null, loadingFacts: null, ping: null, last: null };
    states.set(id, state);
  }
  return state;
}

/** Forget what is known of an engine (its connection changed, or it was removed). */
export function forgetEngineStatus(engineId: string): void {
  states.delete(engineId);
}

function ping(state: State): Promise<unknown> {
  state.ping ??= getDocker()
    .ping()
    .finally(() => {
      state.ping = null;
    });
  return state.ping;
}

async function readFacts(): Promise<EngineFacts> {
  const docker = getDocker();
  const [version, info] = await Promise.all([docker.version(), docker.info()]);
  return {
    kind: engineKindOf(version as VersionAnswer),
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    kernelVersion: version.KernelVersion,
    operatingSystem: info.OperatingSystem ?? "",
    storageDriver: info.Driver ?? "",
  };
}

function loadFacts(state: State): Promise<EngineFacts> {
  state.loadingFacts ??= readFacts()
    .then((value) => {
      state.facts = { value, at: Date.now() };
      return value;
    })
    .finally(() => {
      state.loadingFacts = null;
    });
  return state.loadingFacts;
}

function getFacts(state: State): Promise<EngineFacts> {
  const known = state.facts;
  if (!known) return loadFacts(state);
  // Stale facts are still right unless the engine restarted: serve them, refresh behind.
  if (Date.now() - known.at > FACTS_MAX_AGE_MS && !state.loadingFacts) {
    loadFacts(state).catch(() => {
      state.facts = null;
    });
  }
  return Promise.resolve(known.value);
}

/**
 * Engine version, API version, platform and storage driver, or why it cannot be reached. Never
 * throws for an unreachable engine: the header shows that state on every page.
 *
 * `maxAgeMs` accepts an answer that recent instead of a new look: the header a page renders is only
 * the first state the browser shows (it asks `GET /api/engine` at once and every 3 s), so a page
 * need not wait on the engine; `GET /api/engine` itself always looks.
 *
 * @example await getEngineInfo({ maxAgeMs: 2000 }) // the root layout
 */
export async function getEngineInfo({ maxAgeMs = 0 }: { maxAgeMs?: number } = {}): Promise<EngineInfo> {
  const state = engineState();
  const started = Date.now();
  if (maxAgeMs > 0 && state.last && started - state.last.at <= maxAgeMs) return state.last.info;
  const info = await lookAtEngine(state);
  if (!state.last || state.last.at <= started) state.last = { info, at: started };
  return info;
}

async function lookAtEngine(state: State): Promise<EngineInfo> {
  const engine = currentEngine();
  const identity = { engineId: engine.id, engineName: engine.name };
  try {
    await ping(state);
    const [facts, snapshot] = await Promise.all([getFacts(state), getEngineSnapshot()]);
    return {
      reachable: true,
      dockerHost: getDockerHost(),
      ...identity,
      version: facts.version,
      apiVersion: facts.apiVersion,
      os: facts.os,
      arch: facts.arch,
      kernelVersion: facts.kernelVersion,
      operatingSystem: facts.operatingSystem,
      storageDriver: facts.storageDriver,
      images: snapshot.images.length,
      containers: snapshot.containers.length,
      containersRunning: snapshot.containers.filter((container) => container.State === "running").length,
    };
  } catch (error) {
    state.facts = null;
    const appError = isEngineUnreachable(error)
      ? engineUnavailableError(error)
      : toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read engine info" });
    return { reachable: false, dockerHost: getDockerHost(), ...identity, error: appError.message };
  }
}

/** Why an engine is down, as a word a list can show and a client can switch on. */
export type EngineDownReason = "refused" | "tls" | "timeout" | "not-docker" | "authentication" | "unreachable";

/** What a quick look at an engine found: up with its facts and kind, or down with why. */
export type EngineProbe =
  | {
      state: "up";
      kind: "docker" | "podman";
      /** Absent while the engine has not described itself yet (see probeEngine's `cached`). */
      version?: string;
      apiVersion?: string;
      os?: string;
      storageDriver?: string;
    }
  | { state: "down"; reason: EngineDownReason; error: string };

/** How long GET /api/engines waits for one engine: a down engine must not hold the list back. */
export const ENGINE_PROBE_TIMEOUT_MS = 2_500;
/** How long an engine about to be added may take to answer (once, and a busy host is slow to describe itself). */
export const ENGINE_ADD_TIMEOUT_MS = 10_000;

type VersionAnswer = { Version?: string; ApiVersion?: string; Os?: string; Components?: { Name?: string; Version?: string }[] };

/**
 * `podman` when the engine names Podman among its components (`GET /version`), else `docker`.
 *
 * @example engineKindOf({ Components: [{ Name: "Podman Engine" }] }) // "podman"
 */
export function engineKindOf(version: VersionAnswer): "docker" | "podman" {
  return version.Components?.some((component) => /podman/i.test(component.Name ?? "")) ? "podman" : "docker";
}

function sshDownReason(code: SshEngineErrorCode): EngineDownReason {
  switch (code) {
    case "ESSHAUTH":
    case "ESSHHOSTKEY":
    case "ESSHKEY":
      return "authentication";
    case "ECONNREFUSED":
      return "refused";
    case "ETIMEDOUT":
      return "timeout";
    default:
      return "unreachable";
  }
}

/**
 * Sorts a failed look at an engine into a reason and a sentence naming the engine: the connection
 * was refused, TLS failed (wrong CA, bad client certificate), it timed out, or what answered is
 * not a Docker API (an HTTP server that is not an engine, or an engine that wants TLS).
 */
export function classifyEngineFailure(error: unknown, host: string): { reason: EngineDownReason; error: string } {
  const e = error as { code?: string; statusCode?: number; name?: string; message?: string };
  const message = error instanceof Error ? error.message : String(error);
  // The ssh transport's own sentences already name the host and what failed.
  if (isSshEngineError(error)) return { reason: sshDownReason(error.code), error: `${host}: ${error.message}.` };
  if (e?.name === "TimeoutError" || e?.code === "ABORT_ERR" || e?.code === "ETIMEDOUT" || e?.name === "AbortError") {
    return { reason: "timeout", error: `${host} did not answer within the time allowed (timeout).` };
  }
  if (isTlsFailure(error)) return { reason: "tls", error: `TLS error talking to ${host}: ${message}` };
  if (typeof e?.statusCode === "number") {
    const said = engineMessage(error);
    if (/HTTP request to an HTTPS server/i.test(said)) {
      return { reason: "tls", error: `${host} speaks TLS: give its CA, client certificate and key (${said}).` };
    }
    if (e.statusCode === 401 || e.statusCode === 403) {
      return { reason: "authentication", error: `${host} refused the dashboard (HTTP ${e.statusCode}): ${said}` };
    }
    return { reason: "not-docker", error: `${host} is not a Docker API: /_ping answered HTTP ${e.statusCode}${said ? ` (${said})` : ""}.` };
  }
  if (e?.code === "ECONNREFUSED" || e?.code === "ENOENT") {
    return { reason: "refused", error: `${host} refused the connection: ${unreachableReason(e.code)}.` };
  }
  if (e?.code === "EACCES") return { reason: "refused", error: `${host}: ${unreachableReason(e.code)}.` };
  if (e?.code === "ECONNRESET" || /socket hang up/i.test(message)) {
    return { reason: "not-docker", error: `${host} closed the connection without an answer (not a Docker API, or it wants TLS).` };
  }
  if (error instanceof AppError) return { reason: "unreachable", error: error.message };
  return { reason: "unreachable", error: `${host} is not reachable: ${e?.code ? unreachableReason(e.code, message) : message}.` };
}

/**
 * A quick look at the current engine, never longer than `timeoutMs` and never throwing. Whether it
 * is up is `/_ping` alone (it must answer "OK"). With `cached` (the list of engines) the facts are
 * the engine's kept ones (read once, like the header's): an engine slow to describe itself (Podman
 * sizing its storage on its first `info`) is listed up without them until they arrive, rather than
 * down. Without it (an engine about to be added) version and info are read now, within the time.
 *
 * @example await runOnEngine(engine, () => probeEngine()) // { state: "up", kind: "docker", version: "20.10.24", … }
 */
export async function probeEngine({
  timeoutMs = ENGINE_PROBE_TIMEOUT_MS,
  cached = true,
}: { timeoutMs?: number; cached?: boolean } = {}): Promise<EngineProbe> {
  // dockerode's types omit the options these calls take (`abortSignal` ends the request).
  const docker = getDocker() as unknown as {
    ping: (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    version: (options: { abortSignal: AbortSignal }) => Promise<VersionAnswer>;
    info: (options: { abortSignal: AbortSignal }) => Promise<{ Driver?: string; OperatingSystem?: string }>;
  };
  const host = getDockerHost();
  const abortSignal = AbortSignal.timeout(timeoutMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A call that ignores the signal (an ssh transport, the shared facts) still cannot hold the answer back.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { name: "TimeoutError" })), timeoutMs + 100);
    timer.unref?.();
  });
  try {
    try {
      const pong = await Promise.race([docker.ping({ abortSignal }), deadline]);
      const text = Buffer.isBuffer(pong) ? pong.toString("utf8") : String(pong);
      if (text.trim() !== "OK") {
        return {
          state: "down",
          reason: "not-docker",
          error: `${host} is not a Docker API: /_ping answered ${JSON.stringify(text.slice(0, 60))}.`,
        };
      }
    } catch (error) {
      return { state: "down", ...classifyEngineFailure(error, host) };
    }
    if (cached) {
      const state = engineState();
      const facts = await Promise.race([getFacts(state), deadline]).catch(() => null);
      if (!facts) return { state: "up", kind: currentEngine().kind };
      return {
        state: "up",
        kind: facts.kind,
        version: facts.version,
        apiVersion: facts.apiVersion,
        os: facts.operatingSystem || facts.os,
        storageDriver: facts.storageDriver,
      };
    }
    try {
      const [version, info] = await Promise.race([Promise.all([docker.version({ abortSignal }), docker.info({ abortSignal })]), deadline]);
      return {
        state: "up",
        kind: engineKindOf(version),
        version: version.Version ?? "",
        apiVersion: version.ApiVersion ?? "",
        os: info.OperatingSystem || version.Os || "",
        storageDriver: info.Driver ?? "",
      };
    } catch (error) {
      return { state: "down", ...classifyEngineFailure(error, host) };
    }
  } finally {
    clearTimeout(timer);
  }
}
