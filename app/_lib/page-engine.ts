import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import type { PageEngine } from "@/app/_components/engine-context";
import { getPagePrincipal } from "@/lib/auth/authenticate";
import { getDefaultEngine, runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { currentEngineIdOf, resolveEngine } from "@/lib/engines/queries";
import { isAppError } from "@/lib/errors";

/** The engine a page request works on, and how it was chosen. */
export type PageEngineChoice = {
  engine: EngineConnection;
  /** The signed-in user's remembered engine ("default" when none). */
  remembered: string;
  /** The `?engine=` of the page's address, null when it has none. */
  requested: string | null;
};

/** The `?engine=` of the page's address (the proxy passes the address on as x-dashboard-path). */
async function engineInAddress(): Promise<string | null> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  const queryAt = path.indexOf("?");
  return queryAt === -1 ? null : new URLSearchParams(path.slice(queryAt + 1)).get("engine") || null;
}

/** The engine the signed-in user last switched to ("default" when none, or when it was removed). */
async function rememberedEngine(): Promise<string> {
  const principal = await getPagePrincipal();
  return currentEngineIdOf(principal?.kind === "user" ? principal.id : null);
}

/**
 * The engine this page request works on: the address's `?engine=` (links can point at an engine),
 * else the user's remembered engine, else the default one. An ID that names no engine (removed
 * since), or one whose client cannot be made, is passed over. Cached per request: the root layout, a layout and the page all ask.
 */
export const getPageEngine = cache(async (): Promise<PageEngineChoice> => {
  const [requested, remembered] = await Promise.all([engineInAddress(), rememberedEngine()]);
  for (const id of [requested, remembered]) {
    if (!id) continue;
    try {
      return { engine: await resolveEngine(id), remembered, requested };
    } catch (error) {
      // Removed since, or its client cannot be made: the page still opens, on the next choice.
      if (!isAppError(error)) throw error;
    }
  }
  return { engine: getDefaultEngine(), remembered, requested };
});

/**
 * Runs a page's engine reads on the page's engine (see getPageEngine): what a Server Component or
 * generateMetadata reads from lib/docker, lib/images… comes from the engine the user is on.
 *
 * @example const detail = await onPageEngine(() => getImageDetail(ref))
 */
export async function onPageEngine<T>(read: () => Promise<T>): Promise<T> {
  const { engine } = await getPageEngine();
  return runOnEngine(engine, read);
}

/** The page's engine as the browser gets it (no client, no secrets). */
export function pageEngineView(engine: EngineConnection): PageEngine {
  return { id: engine.id, name: engine.name, host: engine.host, kind: engine.kind };
}
