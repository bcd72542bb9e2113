import type { BadgeTone } from "@/app/_components/badge";
import { apiKeys } from "@/app/_lib/api-client";

// Small helpers the containers pages share (paths, labels, colours); the state rules are in
// lib/containers/state.ts.

/**
 * The detail page's path for a container ID or name.
 *
 * @example containerPath("web") // "/containers/web"
 */
export function containerPath(idOrName: string, tab?: "logs" | "changes" | "console"): string {
  return `/containers/${encodeURIComponent(idOrName)}${tab ? `/${tab}` : ""}`;
}

/** The SWR key of a container's inspect data (useContainer's); the detail layout seeds it on the server. */
export function containerKey(ref: string): string {
  return apiKeys.container(ref);
}

/** What to call a container in text and CLI lines: its name, or its short ID when it has none. */
export function containerLabel(container: { name: string; shortId: string }): string {
  return container.name || container.shortId;
}

/** The colour of a healthcheck status. */
export function healthTone(status: string): BadgeTone {
  if (status === "healthy") return "green";
  if (status === "unhealthy") return "red";
  if (status === "starting") return "amber";
  return "gray";
}
