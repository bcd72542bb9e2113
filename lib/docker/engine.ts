import "server-only";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { engineUnavailableError, isEngineUnreachable, toEngineError } from "@/lib/docker/errors";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import type { EngineInfo } from "@/lib/docker/types";

type EngineFacts = Pick<
  Extract<EngineInfo, { reachable: true }>,
  "version" | "apiVersion" | "os" | "arch" | "kernelVersion" | "operatingSystem" | "storageDriver"
>;

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
const globalState = globalThis as unknown as { dashboardEngineStatus?: State };
const state: State = (globalState.dashboardEngineStatus ??= { facts: null, loadingFacts: null, ping: null, last: null });

function ping(): Promise<unknown> {
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
    version: version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    kernelVersion: version.KernelVersion,
    operatingSystem: info.OperatingSystem ?? "",
    storageDriver: info.Driver ?? "",
  };
}

function loadFacts(): Promise<EngineFacts> {
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

function getFacts(): Promise<EngineFacts> {
  const known = state.facts;
  if (!known) return loadFacts();
  // Stale facts are still right unless the engine restarted: serve them, refresh behind.
  if (Date.now() - known.at > FACTS_MAX_AGE_MS && !state.loadingFacts) {
    loadFacts().catch(() => {
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
  const started = Date.now();
  if (maxAgeMs > 0 && state.last && started - state.last.at <= maxAgeMs) return state.last.info;
  const info = await lookAtEngine();
  if (!state.last || state.last.at <= started) state.last = { info, at: started };
  return info;
}

async function lookAtEngine(): Promise<EngineInfo> {
  try {
    await ping();
    const [facts, snapshot] = await Promise.all([getFacts(), getEngineSnapshot()]);
    return {
      reachable: true,
      dockerHost: getDockerHost(),
      ...facts,
      images: snapshot.images.length,
      containers: snapshot.containers.length,
      containersRunning: snapshot.containers.filter((container) => container.State === "running").length,
    };
  } catch (error) {
    state.facts = null;
    const appError = isEngineUnreachable(error)
      ? engineUnavailableError(error)
      : toEngineError(error, { kind: "engine", name: getDockerHost(), action: "read engine info" });
    return { reachable: false, dockerHost: getDockerHost(), error: appError.message };
  }
}
