import "server-only";
import { currentEngine, getDefaultEngine, type EngineConnection } from "@/lib/docker/client";
import { closeUnfollowedEngineEventStreams, engineEventStreamStatus, followEngineEvents } from "@/lib/docker/events";
import { engineStateEvent, toEngineObjectEvent } from "@/lib/events/mapping";
import { DEFAULT_ENGINE_ID } from "@/lib/events/schemas";
import type { EngineStateEvent, LiveEvent } from "@/lib/events/types";

/**
 * The viewers of each engine's events. They share the engine's one event stream (lib/docker/events:
 * also followed by the image-list cache), which the hub follows while it has listeners; each
 * engine message becomes the dashboard's event, and the stream's state an `engine-state` event.
 */
export type LiveListener = (event: LiveEvent) => void;

type Subscription = {
  engine: string;
  listeners: Set<LiveListener>;
  /** The last engine-state event: what a new listener is told first. Null until the first attempt ends. */
  state: EngineStateEvent | null;
  unfollow: (() => void) | null;
};

const globalState = globalThis as unknown as { dashboardEventHub?: Map<string, Subscription> };
const subscriptions: Map<string, Subscription> = (globalState.dashboardEventHub ??= new Map());

/**
 * The connection of engine `id`: the request's own (GET /api/events runs on the engine it names),
 * or the default engine's. Resolving an id from the database is the route's job (lib/engines).
 */
function connectionOf(id: string): EngineConnection {
  const current = currentEngine();
  if (current.id === id) return current;
  if (id === DEFAULT_ENGINE_ID) return getDefaultEngine();
  throw new Error(`engine ${id} is not the current engine: subscribe inside runOnEngine`);
}

function broadcast(subscription: Subscription, event: LiveEvent): void {
  for (const listener of [...subscription.listeners]) {
    try {
      listener(event);
    } catch {
      // One broken listener (a connection closing meanwhile) must not starve the others.
    }
  }
}

function follow(subscription: Subscription, connection: EngineConnection): () => void {
  return followEngineEvents(
    {
      onMessage: (message) => {
        const event = toEngineObjectEvent(message, subscription.engine);
        if (event) broadcast(subscription, event);
      },
      onState: (state, engine) => {
        subscription.state = engineStateEvent({
          engine: subscription.engine,
          host: engine.host,
          up: state.up,
          reason: state.up ? undefined : state.reason,
        });
        broadcast(subscription, subscription.state);
      },
    },
    { engine: connection },
  );
}

/**
 * Listens to an engine's events: the listener is called with the current engine state at once
 * (when it is known) and then with every event. Returns the function that stops listening. An
 * engine other than the default one must be the current engine (call it inside runOnEngine).
 *
 * @example const unsubscribe = subscribeToEngineEvents("default", (event) => send(event));
 */
export function subscribeToEngineEvents(engine: string, listener: LiveListener): () => void {
  let subscription = subscriptions.get(engine);
  if (!subscription) {
    subscription = { engine, listeners: new Set(), state: null, unfollow: null };
    subscriptions.set(engine, subscription);
  }
  const current = subscription;
  const connection = current.unfollow ? null : connectionOf(engine);
  current.listeners.add(listener);
  if (current.state) listener(current.state);
  if (connection) current.unfollow = follow(current, connection);
  return () => {
    if (!current.listeners.delete(listener) || current.listeners.size > 0) return;
    current.unfollow?.();
    current.unfollow = null;
    current.state = null;
  };
}

/** What the hub holds for an engine, for tests and the benchmark: listeners, and whether its engine stream is open. */
export function engineSubscriptionStatus(engine: string): { listeners: number; streaming: boolean; state: EngineStateEvent | null } {
  const subscription = subscriptions.get(engine);
  return {
    listeners: subscription?.listeners.size ?? 0,
    streaming: subscription ? engineEventStreamStatus(subscription.engine).streaming : false,
    state: subscription?.state ?? null,
  };
}

/** Stops every listener and closes the engine streams nobody else follows at once (tests, so that the process can end). */
export function closeEngineSubscriptions(): void {
  for (const subscription of [...subscriptions.values()]) {
    subscription.listeners.clear();
    subscription.unfollow?.();
    subscription.unfollow = null;
    subscription.state = null;
    subscriptions.delete(subscription.engine);
  }
  closeUnfollowedEngineEventStreams();
}
