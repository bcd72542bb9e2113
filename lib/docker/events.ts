import "server-only";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { getDocker, getDockerHost } from "@/lib/docker/client";
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
