"use client";

import useSWR from "swr";
import { sendToSignIn } from "@/app/_lib/api-client";
import type { EngineInfo } from "@/lib/docker/types";
import { engineKey, useLiveStatus } from "./use-live-events";

/** How often the header asks for the engine's state when the page does not receive its events. */
export const ENGINE_POLL_MS = 3000;

async function fetchEngine(url: string): Promise<EngineInfo> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store" });
  } catch {
    return { reachable: false, dockerHost: "", error: "the dashboard server did not answer" };
  }
  if (response.status === 401) {
    // The session ended, which says nothing about the engine: keep showing the last state (SWR
    // keeps its data on an error) while the page goes to sign-in.
    sendToSignIn();
    throw new Error("Signed out");
  }
  try {
    // 503 still carries an EngineInfo ({reachable:false,...}); it is data here, not an error.
    return (await response.json()) as EngineInfo;
  } catch {
    return { reachable: false, dockerHost: "", error: "the dashboard server did not answer" };
  }
}

/**
 * The engine's state (`GET /api/engine`). While the page follows the engine's events the stream
 * says when the engine goes down or comes back (useLiveEvents sets this key), so nothing polls;
 * otherwise it is polled every 3 s so a restarted engine shows up within one poll. One key for
 * the header pill and the banner, so SWR polls once for both.
 *
 * @example const info = useEngine(fallbackFromTheServer)
 */
export function useEngine(fallback: EngineInfo): EngineInfo {
  const live = useLiveStatus().mode === "live";
  const { data } = useSWR(engineKey(), fetchEngine, { fallbackData: fallback, refreshInterval: live ? 0 : ENGINE_POLL_MS });
  const info = data ?? fallback;
  return info.dockerHost ? info : { ...info, dockerHost: fallback.dockerHost };
}
