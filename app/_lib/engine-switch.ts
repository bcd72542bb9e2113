import { api, loadPage } from "@/app/_lib/api-client";

/** Tabs of this browser tell each other when the user switched engines in one of them. */
export const SWITCH_CHANNEL = "dashboard-engine-switch";

/**
 * Where to go on another engine: the same page, except that an object's page (an image, a
 * container, a volume, a network) becomes its list, since the object is the old engine's.
 *
 * @example pathOnOtherEngine("/images/seed%2Fweb%3A1", "") // "/images"
 * @example pathOnOtherEngine("/audit", "?engineId=x&engine=ck1") // "/audit?engineId=x"
 */
export function pathOnOtherEngine(pathname: string, search: string): string {
  const section = /^\/(images|containers|volumes|networks)\/(?!new$).+/.exec(pathname);
  if (section) return `/${section[1]}`;
  const params = new URLSearchParams(search);
  params.delete("engine");
  const rest = params.toString();
  return rest ? `${pathname}?${rest}` : pathname;
}

/**
 * Switches the signed-in user to another engine (remembered on the server), tells the other tabs,
 * and loads the page anew on it: the server renders its pages on that engine, and nothing the
 * browser holds from the old one (SWR's cache, the event stream, a form's state) survives.
 */
export async function switchEngine(engineId: string): Promise<void> {
  await api.engines.setCurrent(engineId);
  if (typeof BroadcastChannel !== "undefined") {
    const channel = new BroadcastChannel(SWITCH_CHANNEL);
    channel.postMessage({ engineId });
    channel.close();
  }
  loadPage(pathOnOtherEngine(window.location.pathname, window.location.search));
}
