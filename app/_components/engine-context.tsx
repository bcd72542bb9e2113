"use client";

import { useSearchParams } from "next/navigation";
import { createContext, useContext, useEffect, useState } from "react";
import { api, errorMessage, loadPage, setPageEngine } from "@/app/_lib/api-client";
import { pathOnOtherEngine, SWITCH_CHANNEL } from "@/app/_lib/engine-switch";
import { useToast } from "./toast";

/** The engine a page works on, as the browser knows it. */
export type PageEngine = { id: string; name: string; host: string; kind: "docker" | "podman" };

const DEFAULT: PageEngine = { id: "default", name: "default", host: "", kind: "docker" };
const EngineContext = createContext<PageEngine>(DEFAULT);

/**
 * The engine the page works on, chosen by the server (the page address's `?engine=`, else the
 * user's remembered engine, else the default). Sets it for the typed client before anything under
 * it renders, so every key and request of the page carries it. A page address naming another
 * engine than the remembered one makes it the remembered one (a link pointing at an engine
 * switches to it, so the pages that follow stay on it); one that names another engine than this
 * page's, reached by a client-side navigation, loads the page anew on it.
 */
export function EngineProvider({
  engine,
  remembered,
  requested,
  children,
}: {
  engine: PageEngine;
  /** The user's remembered engine ("default" when none). */
  remembered: string;
  /** The `?engine=` the server saw in the page's address (null: none): when it is not `engine.id`, no engine has that ID. */
  requested: string | null;
  children: React.ReactNode;
}) {
  setPageEngine(engine.id);
  const toast = useToast();
  const inAddress = useSearchParams().get("engine");
  const [elsewhere, setElsewhere] = useState(false);

  useEffect(() => {
    // A client-side navigation to an address naming another engine: the server must render it there.
    if (inAddress && inAddress !== engine.id && inAddress !== requested) loadPage(window.location.href);
  }, [inAddress, requested, engine.id]);

  useEffect(() => {
    if (requested && requested !== engine.id) toast(`No engine has the ID ${requested}; this page shows ${engine.name}.`, "error");
  }, [requested, engine.id, engine.name, toast]);

  useEffect(() => {
    if (engine.id === remembered) return;
    api.engines
      .setCurrent(engine.id)
      .catch((error: unknown) => toast(`Could not remember engine ${engine.name}: ${errorMessage(error)}`, "error"));
  }, [engine.id, engine.name, remembered, toast]);

  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(SWITCH_CHANNEL);
    channel.onmessage = (message: MessageEvent<{ engineId?: unknown }>) => {
      if (message.data.engineId !== engine.id) setElsewhere(true);
    };
    return () => channel.close();
  }, [engine.id]);

  return (
    <EngineContext.Provider value={engine}>
      {elsewhere ? <SwitchedElsewhere engine={engine} /> : null}
      {children}
    </EngineContext.Provider>
  );
}

/**
 * Another tab switched engines: this one still works on its own (its requests name it), but the
 * next page it loads from the server would be on the new one. Say so, and offer to follow.
 */
function SwitchedElsewhere({ engine }: { engine: PageEngine }) {
  return (
    <div role="status" data-testid="engine-switched-elsewhere" className="border-b border-amber-300 bg-amber-50 text-sm text-amber-950">
      <div className="mx-auto flex max-w-[1400px] flex-wrap items-center gap-2 px-4 py-2 sm:px-6">
        <span className="min-w-0">
          Another tab switched to a different engine. This tab still shows <span className="font-semibold">{engine.name}</span>.
        </span>
        <button
          type="button"
          onClick={() => loadPage(pathOnOtherEngine(window.location.pathname, window.location.search))}
          className="ml-auto rounded-md bg-amber-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-amber-700"
        >
          Follow it
        </button>
      </div>
    </div>
  );
}

/**
 * The engine this page works on.
 *
 * @example const { name } = usePageEngine()
 */
export function usePageEngine(): PageEngine {
  return useContext(EngineContext);
}
