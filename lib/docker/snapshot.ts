import "server-only";
import type { Readable } from "node:stream";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { listContainersOnEngine, type EngineContainer } from "@/lib/docker/containers";
import { toEngineError } from "@/lib/docker/errors";
import type { ListedImage } from "@/lib/docker/types";

/**
 * The engine's image and container lists, kept while nothing changes.
 *
 * Listing images costs the engine ~15 ms per 1,000 references, every time. The engine announces
 * every change that could alter these lists on its event stream (image pull/tag/untag/delete/
 * import/load, container create/destroy...), so while that stream is connected the last lists are
 * served until an event says otherwise. When the stream is not connected (engine down, proxy that
 * drops it) nothing is cached and every call goes to the engine.
 */
export type EngineSnapshot = { images: ListedImage[]; containers: EngineContainer[] };

type State = {
  generation: number;
  watching: boolean;
  connecting: boolean;
  lastAttempt: number;
  events: Readable | null;
  cached: (EngineSnapshot & { generation: number }) | null;
};

const globalState = globalThis as unknown as { dashboardSnapshot?: State };
const state: State = (globalState.dashboardSnapshot ??= {
  generation: 0,
  watching: false,
  connecting: false,
  lastAttempt: 0,
  events: null,
  cached: null,
});

const RECONNECT_INTERVAL_MS = 1_000;

function stopWatching(): void {
  state.watching = false;
  state.cached = null;
  state.generation++;
  state.events?.destroy();
  state.events = null;
}

function watchEvents(): void {
  if (state.watching || state.connecting || Date.now() - state.lastAttempt < RECONNECT_INTERVAL_MS) return;
  state.connecting = true;
  state.lastAttempt = Date.now();
  getDocker()
    .getEvents({ filters: { type: ["image", "container"] } })
    .then((stream) => {
      const events = stream as unknown as Readable & { socket?: { unref?: () => void } };
      // The stream lives as long as the process wants it; it must not be what keeps it alive.
      events.socket?.unref?.();
      state.events = events;
      state.watching = true;
      state.connecting = false;
      // Whatever happened before the stream connected is not covered by it.
      state.cached = null;
      state.generation++;
      events.on("data", () => {
        state.generation++;
        state.cached = null;
      });
      events.on("error", stopWatching);
      events.on("close", stopWatching);
      events.on("end", stopWatching);
    })
    .catch(() => {
      state.connecting = false;
    });
}

/** Forget the cached lists: the caller just changed the engine and must not read a stale list. */
export function invalidateEngineSnapshot(): void {
  state.generation++;
  state.cached = null;
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
  watchEvents();
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
