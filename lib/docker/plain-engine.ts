import "server-only";
import type http from "node:http";
import { currentEngine } from "@/lib/docker/client";

// Where the transfer paths that bypass dockerode (uploads moved by pv, downloads relayed with the
// engine's own framing) reach the engine: its socket as it is, which only a plain connection allows.

export type EngineAddress = { socketPath: string } | { host: string; port: number };

type ModemFields = { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown; agent?: unknown; version?: unknown };

/**
 * Where the current engine takes bytes as they are: its unix socket, or plain TCP. A TLS or ssh
 * engine needs every byte encrypted by Node, so its transfers stay dockerode's.
 */
export function plainEngineAddress(): EngineAddress | null {
  const modem = currentEngine().docker.modem as ModemFields;
  if (typeof modem.socketPath === "string") return { socketPath: modem.socketPath };
  if (modem.protocol === "http" && !modem.agent && typeof modem.host === "string") return { host: modem.host, port: Number(modem.port) };
  return null;
}

/** The API version prefix dockerode puts before every path (`/v1.41`), or none when the version is negotiated. */
export function engineApiPrefix(): string {
  const { version } = currentEngine().docker.modem as ModemFields;
  return typeof version === "string" && version ? `/${version}` : "";
}

/** The engine's refusal as dockerode shapes it (status code, JSON message), for lib/docker/errors. */
export async function engineRefusal(response: http.IncomingMessage): Promise<Error> {
  let text = "";
  for await (const chunk of response) {
    if (text.length < 64 * 1024) text += (chunk as Buffer).toString("utf8");
  }
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // the engine's text as it is
  }
  const message = typeof json === "object" && json !== null && "message" in json ? String(json.message) : text.trim();
  return Object.assign(new Error(`(HTTP code ${response.statusCode}) ${message}`), { statusCode: response.statusCode, json });
}
