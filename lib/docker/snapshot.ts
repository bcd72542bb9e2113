import "server-only";
import { currentEngine, getDocker, getDockerHost } from "@/lib/docker/client";
import { listContainersOnEngine, type EngineContainer } from "@/lib/docker/containers";
import { toEngineError } from "@/lib/docker/errors";
import { followEngineEvents } from "@/lib/docker/events";
import type { ListedImage } from "@/lib/docker/types";

/**
 * The engine's image and container lists, kept while nothing changes.
 *
 * Listing images costs the engine ~15 ms per 1,000 references, every time. The engine announces
 * every change that could alter these lists on its event stream (image pull/tag/untag/delete/
 * import/load, container create/destroy...), so while that stream is connected the last lists are
 * served until an event says otherwise. When the stream is not connected (engine down, proxy that
 * drops it) nothing is cached and every call goes to the engine. Each engine has its own snapshot
 * (by engine id), fed by its own event stream: one engine's lists never answer for another's.
 */
export type EngineSnapshot = { images: ListedImage[]; containers: EngineContainer[] };

type State = {
  generation: number;
  /** Whether the engine's event stream is open: only then is anything cached. */
  watching: boolean;
  following: boolean;
  cached: (EngineSnapshot & { generation: number }) | null;
};

const globalState = globalThis as unknown as { dashboardSnapshots?: Map<string, State> };
const states: Map<string, State> = (globalState.dashboardSnapshots ??= new Map());

/** The current engine's snapshot state, made on first use. */
function engineState(engineId = currentEngine().id): State {
  let state = states.get(engineId);
  if (!state) {
    state = { generation: 0, watching: false, following: false, cached: null };
    states.set(engineId, state);
  }
  return state;
}

const EVENTS_THAT_CHANGE_LISTS = new Set(["image", "container"]);

function forget(state: State): void {
  state.generation++;
  state.cached = null;
}

/** Follows the engine's one shared event stream (lib/docker/events) for as long as the process lives. */
function watchEvents(state: State): void {
  if (state.following) return;
  state.following = true;
  followEngineEvents({
    onState: (stream) => {
      // Whatever happened before the stream (re)connected is not covered by it.
      state.watching = stream.up;
      forget(state);
    },
    onMessage: (message) => {
      if (EVENTS_THAT_CHANGE_LISTS.has(message.Type ?? "")) forget(state);
    },
  });
}

/** Forget the cached lists: the caller just changed the engine and must not read a stale list. */
export function invalidateEngineSnapshot(engineId?: string): void {
  forget(engineState(engineId));
}

async function listRawImages(): Promise<ListedImage[]> {
  try {
    const images = await getDocker().listImages({ all: false });
    return images.map((image) => ({
      id: image.Id,
      repoTags: image.RepoTags ?? [],
      repoDigests: image.RepoDigests ?? [],
      created: image.Created,
      size: image.Size,
      labels: image.Labels ?? {},
    }));
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list images" });
  }
}

/** The current image list (no intermediate images) and container list (running or stopped). */
export async function getEngineSnapshot(): Promise<EngineSnapshot> {
  const state = engineState();
  watchEvents(state);
  // Let event-stream data that has already arrived be read before trusting the cache.
  await new Promise((resolve) => setImmediate(resolve));
  const cached = state.cached;
  if (state.watching && cached && cached.generation === state.generation) return cached;
  const generation = state.generation;
  const [images, containers] = await Promise.all([listRawImages(), listContainersOnEngine()]);
  // An event during the fetch means these lists may already be old: use them once, keep nothing.
  if (state.watching && generation === state.generation) state.cached = { generation, images, containers };
  return { images, containers };
}
