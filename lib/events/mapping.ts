import type { EngineEventMessage } from "@/lib/docker/events";
import { engineObjectTypeSchema } from "@/lib/events/schemas";
import type { EngineObjectEvent, EngineStateEvent } from "@/lib/events/types";

function eventTime(message: EngineEventMessage): string {
  // timeNano is past 2^53, so its last digits are already rounded; milliseconds are exact enough.
  if (typeof message.timeNano === "number" && message.timeNano > 0) return new Date(Math.floor(message.timeNano / 1e6)).toISOString();
  if (typeof message.time === "number" && message.time > 0) return new Date(message.time * 1000).toISOString();
  return new Date().toISOString();
}

/**
 * The dashboard's event for one engine message, or null for a message about something the
 * dashboard does not show (daemon, plugin, service… events, or a message without an actor).
 *
 * @example
 * toEngineObjectEvent({ Type: "image", Action: "tag", Actor: { ID: "sha256:68…", Attributes: { name: "probe/x:1" } }, timeNano: … }, "default")
 * // { type: "image", action: "tag", id: "sha256:68…", name: "probe/x:1", time: "2026-…", engine: "default" }
 */
export function toEngineObjectEvent(message: EngineEventMessage, engine: string): EngineObjectEvent | null {
  const type = engineObjectTypeSchema.safeParse(message.Type);
  const id = message.Actor?.ID;
  if (!type.success || typeof message.Action !== "string" || !message.Action || typeof id !== "string" || !id) return null;
  const attributes = message.Actor?.Attributes ?? {};
  // A volume's ID is its name; the others carry their name as an attribute.
  const name = type.data === "volume" ? id : (attributes.name ?? null);
  const event: EngineObjectEvent = { type: type.data, action: message.Action, id, name, time: eventTime(message), engine };
  if (type.data === "network" && attributes.container) event.container = attributes.container;
  return event;
}

/**
 * The event saying the dashboard's subscription to an engine came up, or went down and why.
 *
 * @example engineStateEvent({ engine: "default", host: "unix:///var/run/docker.sock", up: false, reason: "…" })
 */
export function engineStateEvent({
  engine,
  host,
  up,
  reason,
  at = new Date(),
}: {
  engine: string;
  host: string;
  up: boolean;
  reason?: string;
  at?: Date;
}): EngineStateEvent {
  return {
    type: "engine-state",
    action: up ? "up" : "down",
    id: engine,
    name: host,
    time: at.toISOString(),
    engine,
    ...(up ? {} : { reason: reason ?? "the engine's event stream ended" }),
  };
}
