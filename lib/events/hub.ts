import "server-only";
import type { Readable } from "node:stream";
import { getDockerHost } from "@/lib/docker/client";
import { openEngineEventStream, readEngineEventMessages } from "@/lib/docker/events";
import { engineStateEvent, toEngineObjectEvent } from "@/lib/events/mapping";
import { DEFAULT_ENGINE_ID } from "@/lib/events/schemas";
import type { EngineStateEvent, LiveEvent } from "@/lib/events/types";

/**
 * One subscription to each engine's event stream, shared by every viewer. The engine keeps one
 * connection per `GET /events` and sends each event down each of them, so 200 open tabs must not
 * mean 200 engine streams: the first listener opens the engine's stream, later ones share it, and
 * it is closed LINGER_MS after the last one leaves (a page reload or a navigation does not reopen
 * it). When the stream ends (the engine stopped or restarted) it is opened again with a backoff
 * capped at MAX_BACKOFF_MS, so an engine that is back is seen up within a few seconds.
 */
export const LINGER_MS = 30_000;
const FIRST_BACKOFF_MS = 250;
export const MAX_BACKOFF_MS = 2_000;

export type LiveListener = (event: LiveEvent) => void;

type Subscription = {
  engine: string;
  host: string;
  listeners: Set<LiveListener>;
  /** The last engine-state event: what a new listener is told first. Null until the first attempt ends. */
  state: EngineStateEvent | null;
  stream: Readable | null;
  running: boolean;
  stopTimer: ReturnType<typeof setTimeout> | null;
  wake: (() => void) | null;
};

const globalState = globalThis as unknown as { dashboardEventHub?: Map<string, Subscription> };
const subscriptions: Map<string, Subscription> = (globalState.dashboardEventHub ??= new Map());

/** How each engine is reached. Only the default engine exists today: the one at DOCKER_HOST. */
function engineHost(engine: string): string {
  if (engine !== DEFAULT_ENGINE_ID) throw new Error(`unknown engine ${engine}`);
  return getDockerHost();
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

function setState(subscription: Subscription, up: boolean, reason?: string): void {
  const previous = subscription.state;
  if (previous && (previous.action === "up") === up && previous.reason === reason) return;
  subscription.state = engineStateEvent({ engine: subscription.engine, host: subscription.host, up, reason });
  broadcast(subscription, subscription.state);
}

function sleep(subscription: Subscription, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    // A waiting reconnect must not keep the process alive on its own.
    timer.unref?.();
    function done() {
      clearTimeout(timer);
      subscription.wake = null;
      resolve();
    }
    subscription.wake = done;
  });
}

async function follow(subscription: Subscription): Promise<void> {
  subscription.running = true;
  let backoff = FIRST_BACKOFF_MS;
  while (subscription.listeners.size > 0 || subscription.stopTimer) {
    let reason: string;
    try {
      const stream = await openEngineEventStream();
      if (subscription.listeners.size === 0 && !subscription.stopTimer) {
        stream.destroy();
        break;
      }
      subscription.stream = stream;
      backoff = FIRST_BACKOFF_MS;
      setState(subscription, true);
      for await (const message of readEngineEventMessages(stream)) {
        const event = toEngineObjectEvent(message, subscription.engine);
        if (event) broadcast(subscription, event);
      }
      reason = "the engine closed its event stream (it stopped or is restarting)";
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    } finally {
      subscription.stream?.destroy();
      subscription.stream = null;
    }
    if (subscription.listeners.size === 0 && !subscription.stopTimer) break;
    setState(subscription, false, reason);
    await sleep(subscription, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
  subscription.running = false;
  subscription.state = null;
}

function stop(subscription: Subscription): void {
  subscription.stopTimer = null;
  if (subscription.listeners.size > 0) return;
  subscriptions.delete(subscription.engine);
  subscription.stream?.destroy();
  subscription.wake?.();
}

/**
 * Listens to an engine's events: the listener is called with the current engine state at once
 * (when it is known) and then with every event. Returns the function that stops listening.
 *
 * @example const unsubscribe = subscribeToEngineEvents("default", (event) => send(event));
 */
export function subscribeToEngineEvents(engine: string, listener: LiveListener): () => void {
  let subscription = subscriptions.get(engine);
  if (!subscription) {
    subscription = {
      engine,
      host: engineHost(engine),
      listeners: new Set(),
      state: null,
      stream: null,
      running: false,
      stopTimer: null,
      wake: null,
    };
    subscriptions.set(engine, subscription);
  }
  const current = subscription;
  if (current.stopTimer) {
    clearTimeout(current.stopTimer);
    current.stopTimer = null;
  }
  current.listeners.add(listener);
  if (current.state) listener(current.state);
  if (!current.running) void follow(current);
  return () => {
    if (!current.listeners.delete(listener) || current.listeners.size > 0) return;
    current.stopTimer = setTimeout(() => stop(current), LINGER_MS);
    current.stopTimer.unref?.();
  };
}

/** What the hub holds for an engine, for tests and the benchmark: listeners, and whether its engine stream is open. */
export function engineSubscriptionStatus(engine: string): { listeners: number; streaming: boolean; state: EngineStateEvent | null } {
  const subscription = subscriptions.get(engine);
  return {
    listeners: subscription?.listeners.size ?? 0,
    streaming: Boolean(subscription?.stream),
    state: subscription?.state ?? null,
  };
}

/** Closes every engine stream at once (tests, so that the process can end). */
export function closeEngineSubscriptions(): void {
  for (const subscription of [...subscriptions.values()]) {
    subscription.listeners.clear();
    if (subscription.stopTimer) clearTimeout(subscription.stopTimer);
    stop(subscription);
  }
}
