"use client";

import { useEffect, useSyncExternalStore } from "react";
import { useSWRConfig } from "swr";
import { withEngine } from "@/app/_lib/api-client";
import type { EngineInfo } from "@/lib/docker/types";
import { isEngineKey, isKeyStale } from "@/lib/events/stale-keys";
import type { EngineObjectEvent, EngineStateEvent, LiveEvent } from "@/lib/events/types";

/** The page's engine's events as Server-Sent Events (app/api/events/route.ts), `?engine=` for another than the default. */
const eventsUrl = () => withEngine("/api/events");
/** The header's engine state (app/_lib/hooks/use-engine.ts): the page's engine's. */
export const engineKey = () => withEngine("/api/engine");
/**
 * Events arriving this close together are answered with one round of fetches: one CLI command
 * often makes several (`docker rm -f`: kill, die, destroy), a frame apart at most.
 */
const BATCH_MS = 16;
/** After the server refused or closed the stream for good, try a new one this much later. */
const RETRY_MS = 5_000;

/**
 * Whether this page follows the engine's events, or polls, and why. `connecting` until the stream
 * first opens (the page polls meanwhile).
 */
export type LiveStatus = {
  mode: "connecting" | "live" | "polling";
  /** Why the page polls (null while live). */
  reason: string | null;
  /** The engine's last state as the stream told it. */
  engine: EngineStateEvent | null;
};

// One status for the whole page: the stream is opened once (by the dashboard layout) and read by
// the header and by every hook's polling interval.
let status: LiveStatus = { mode: "connecting", reason: "connecting to the engine's event stream", engine: null };
const subscribers = new Set<() => void>();

function setStatus(next: Partial<LiveStatus>): void {
  status = { ...status, ...next };
  for (const notify of subscribers) notify();
}

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

const getStatus = () => status;
const SERVER_STATUS: LiveStatus = { mode: "connecting", reason: "connecting to the engine's event stream", engine: null };

/** True while the page receives the engine's events: polling can relax. */
export function isLive(): boolean {
  return status.mode === "live";
}

/**
 * The page's live status, for the header.
 *
 * @example const { mode, reason } = useLiveStatus()
 */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, getStatus, () => SERVER_STATUS);
}

/**
 * Follows the engine's events (one EventSource per page) and fetches again only what an event
 * made stale: the images list after a tag, the container's page after it stopped, and so on
 * (lib/events/stale-keys.ts decides). Engine-state events set the header's engine state directly,
 * so no tab polls `GET /api/engine` while its stream is up. When the stream drops, the page
 * falls back to polling (and says why in the header); when it (re)opens, everything shown is
 * fetched once, since events may have been missed meanwhile.
 */
export function useLiveEvents(): void {
  const { mutate, cache } = useSWRConfig();
  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setStatus({ mode: "polling", reason: "this browser cannot follow server events" });
      return;
    }
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let batch: ReturnType<typeof setTimeout> | null = null;
    let pending: EngineObjectEvent[] = [];
    let stopped = false;

    const refetchEngineState = () => void mutate((key) => isEngineKey(key));
    const flush = () => {
      batch = null;
      const events = pending;
      pending = [];
      void mutate((key) => events.some((event) => isKeyStale(event, key, cache.get(key as string)?.data)));
    };
    const fallBack = (reason: string) => {
      const wasLive = status.mode === "live";
      setStatus({ mode: "polling", reason });
      // Polls were relaxed while live: fetch now, and the hooks' intervals are short again.
      if (wasLive) refetchEngineState();
    };
    const onEngineState = (event: EngineStateEvent) => {
      setStatus({ engine: event });
      if (event.action === "up") {
        // Facts (version, storage driver) and everything shown: the engine may have restarted.
        refetchEngineState();
      } else {
        const down: EngineInfo = { reachable: false, dockerHost: event.name, error: event.reason ?? "the engine's event stream ended" };
        void mutate(engineKey(), down, { revalidate: false });
      }
    };

    const open = () => {
      if (stopped) return;
      source = new EventSource(eventsUrl());
      source.onopen = () => {
        setStatus({ mode: "live", reason: null });
        refetchEngineState();
      };
      source.onmessage = (message: MessageEvent<string>) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(message.data) as LiveEvent;
        } catch {
          return;
        }
        if (event.type === "engine-state") return onEngineState(event);
        pending.push(event);
        batch ??= setTimeout(flush, BATCH_MS);
      };
      source.onerror = () => {
        if (!source) return;
        if (source.readyState === EventSource.CONNECTING) {
          // The browser reconnects by itself (after the server's `retry:`); poll meanwhile.
          fallBack("lost the event stream; reconnecting");
          return;
        }
        // Closed for good: the server answered with an error (signed out, restarting). Polling
        // finds out which (a 401 goes to sign-in); a new stream is tried later.
        source.close();
        source = null;
        fallBack("the dashboard server refused the event stream; trying again in 5 s");
        retry = setTimeout(() => {
          retry = null;
          open();
        }, RETRY_MS);
      };
    };
    // A browser holds at most six HTTP/1.1 connections per server across all its tabs, and each
    // open stream keeps one: a tab in the background lets its stream go (SWR does not poll hidden
    // tabs either) and opens it again, fetching what it shows, when it is shown.
    const onVisibility = () => {
      if (document.visibilityState === "hidden") {
        if (retry) clearTimeout(retry);
        retry = null;
        source?.close();
        source = null;
        setStatus({ mode: "polling", reason: "the tab is in the background; it follows the engine again when shown" });
      } else if (!source && !retry) {
        open();
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    if (document.visibilityState === "hidden") onVisibility();
    else open();
    return () => {
      stopped = true;
      document.removeEventListener("visibilitychange", onVisibility);
      source?.close();
      if (retry) clearTimeout(retry);
      if (batch) clearTimeout(batch);
      setStatus({ mode: "connecting", reason: "connecting to the engine's event stream" });
    };
  }, [mutate, cache]);
}

/** Mounts useLiveEvents once for the page (the dashboard layout renders it); renders nothing. */
export function LiveEvents(): null {
  useLiveEvents();
  return null;
}
