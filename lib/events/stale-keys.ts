import type { EngineObjectEvent } from "@/lib/events/types";

/**
 * Which of the browser's cached API answers an engine event makes stale. The browser keys its
 * cache by the API's GET address (app/_lib/api-client.ts `apiKeys`), so this reads those addresses:
 * `/api/images?…` (the list), `/api/images/{ref}` (a page), `/api/containers/{id}` and its `/diff`,
 * `/api/volumes/{name}`, `/api/networks/{id}`, `/api/disk-usage`, `/api/engine` (its counts).
 * What never goes stale this way is left alone: an image's layers and analysis are read by image
 * ID, which names content that cannot change, and stats are a stream of their own.
 */

/** Actions that change nothing any page shows: a console, a `docker top`, a save. */
const UNCHANGING_ACTIONS: Partial<Record<EngineObjectEvent["type"], ReadonlySet<string>>> = {
  container: new Set([
    "exec_create",
    "exec_start",
    "exec_detach",
    "exec_die",
    "attach",
    "detach",
    "resize",
    "top",
    "archive-path",
    "export",
  ]),
  image: new Set(["save"]),
};

/** Container actions after which lists that name containers (images, volumes, networks) change. */
const CONTAINER_MEMBERSHIP_ACTIONS = new Set([
  "create",
  "destroy",
  "rename",
  "start",
  "die",
  "stop",
  "kill",
  "pause",
  "unpause",
  "restart",
]);

/** The engine's action without its detail: `exec_start: sh` → `exec_start`, `health_status: healthy` → `health_status`. */
export function baseAction(action: string): string {
  const colon = action.indexOf(":");
  return (colon === -1 ? action : action.slice(0, colon)).trim();
}

/** True when the event changes something a page may show (false for exec, attach, top, save…). */
export function changesState(event: EngineObjectEvent): boolean {
  return !UNCHANGING_ACTIONS[event.type]?.has(baseAction(event.action));
}

type ParsedKey = { scope: string; item: string | null; rest: string | null; query: boolean };

/** `/api/containers/abc/diff` → { scope: "containers", item: "abc", rest: "diff" }. */
function parseKey(key: string): ParsedKey | null {
  if (!key.startsWith("/api/")) return null;
  const queryAt = key.indexOf("?");
  const path = queryAt === -1 ? key : key.slice(0, queryAt);
  const [scope, item, ...rest] = path.slice("/api/".length).split("/");
  if (!scope) return null;
  let decoded: string | null = null;
  if (item !== undefined) {
    try {
      decoded = decodeURIComponent(item);
    } catch {
      decoded = item;
    }
  }
  return { scope, item: decoded, rest: rest.length ? rest.join("/") : null, query: queryAt !== -1 };
}

function cachedId(data: unknown): string | null {
  return typeof data === "object" && data !== null && typeof (data as { id?: unknown }).id === "string"
    ? (data as { id: string }).id
    : null;
}

/** The key's object is the event's: by ID, by the name the key uses, or by the ID its cached answer carries. */
function sameObject(item: string, data: unknown, id: string, name: string | null | undefined): boolean {
  if (item === id || (name && item === name) || (name && item === `/${name}`)) return true;
  // Short container and network IDs (12 hex digits or more) name the same object.
  if (/^[0-9a-f]{12,}$/.test(item) && id.startsWith(item)) return true;
  const cached = cachedId(data);
  return cached !== null && cached === id;
}

/**
 * True when the browser should fetch `key` again after `event`. `data` is what the cache holds
 * for the key (its `id` tells which image or container a page shows when its address used a name).
 *
 * @example isKeyStale(tagEvent, "/api/images?q=seed", undefined) // true
 * @example isKeyStale(tagEvent, "/api/images/sha256%3Aab…/layers/0/files?path=%2F", undefined) // false
 */
export function isKeyStale(event: EngineObjectEvent, key: unknown, data?: unknown): boolean {
  if (typeof key !== "string" || !changesState(event)) return false;
  const parsed = parseKey(key);
  if (!parsed) return false;
  const action = baseAction(event.action);
  const { scope, item, rest } = parsed;
  const list = item === null;
  const detail = item !== null && rest === null && !(scope === "images" && item === "compare");

  if (scope === "engine") return event.type === "image" || event.type === "container";
  if (scope === "disk-usage") return event.type !== "network";

  switch (event.type) {
    case "image":
      if (scope === "images") return list || (detail && sameObject(item, data, event.id, event.name));
      // A container list names each container's image by the reference it was created from.
      return scope === "containers" && list && ["tag", "untag", "delete"].includes(action);
    case "container": {
      const membership = CONTAINER_MEMBERSHIP_ACTIONS.has(action);
      if (scope === "containers") {
        if (list) return true;
        if (item === null || !sameObject(item, data, event.id, event.name)) return false;
        return rest === null || rest === "diff";
      }
      // The images list counts containers per image; a commit adds an image.
      if (scope === "images") return (list || detail) && (membership || action === "commit");
      if (scope === "volumes" || scope === "networks") return (list || detail) && membership;
      return false;
    }
    case "volume":
      return scope === "volumes" && (list || (detail && sameObject(item, data, event.id, event.name)));
    case "network":
      if (scope === "networks") return list || (detail && sameObject(item, data, event.id, event.name));
      return scope === "containers" && detail && event.container !== undefined && sameObject(item, data, event.container, undefined);
  }
}

/**
 * True for every cached answer that shows engine state and may have missed events: what the
 * browser fetches again when its event stream (re)connects, or when it falls back to polling.
 *
 * @example isEngineKey("/api/containers/web") // true
 * @example isEngineKey("/api/audit?limit=20") // false
 */
export function isEngineKey(key: unknown): boolean {
  if (typeof key !== "string") return false;
  const parsed = parseKey(key);
  if (!parsed) return false;
  const { scope, item, rest } = parsed;
  if (scope === "engine" || scope === "disk-usage" || scope === "volumes" || scope === "networks") return true;
  if (scope === "images") return item === null || (rest === null && item !== "compare");
  if (scope === "containers") return item === null || rest === null || rest === "diff";
  return false;
}
