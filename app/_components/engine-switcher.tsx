"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useId, useRef, useState } from "react";
import { errorMessage, type EngineView } from "@/app/_lib/api-client";
import { useEngine } from "@/app/_lib/hooks/use-engine";
import { useEngines } from "@/app/_lib/hooks/use-engines";
import type { EngineInfo } from "@/lib/docker/types";
import { switchEngine } from "@/app/_lib/engine-switch";
import { usePageEngine } from "./engine-context";

/**
 * The header's engine: the name and state of the engine every page works on, and a popover listing
 * the others (with their state and version, asked when it opens) to switch to. Switching is
 * remembered for the user and loads the page anew on the chosen engine.
 */
export function EngineSwitcher({ fallback }: { fallback: EngineInfo }) {
  const engine = usePageEngine();
  const up = useEngine(fallback).reachable;
  const panelId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [right, setRight] = useState<number | null>(null);
  const { data, error, isLoading } = useEngines({ enabled: open });
  const [switching, setSwitching] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const choose = async (target: EngineView) => {
    if (target.id === engine.id) {
      panelRef.current?.hidePopover();
      return;
    }
    setSwitching(target.id);
    setFailure(null);
    try {
      await switchEngine(target.id);
    } catch (caught) {
      setFailure(errorMessage(caught));
      setSwitching(null);
    }
  };

  const state = up ? "up" : "down";
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        popoverTarget={panelId}
        data-testid="engine-switcher"
        data-engine={engine.id}
        data-state={state}
        aria-label={`Engine ${engine.name} (${state}): switch engine`}
        title={`Engine ${engine.name}${engine.host ? ` at ${engine.host}` : ""} is ${state}. Choose another engine.`}
        className="flex max-w-28 shrink-0 items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-100 ring-1 ring-slate-600 ring-inset hover:bg-slate-800 sm:max-w-48 xl:max-w-36 xl:min-w-20 xl:shrink 2xl:max-w-56"
      >
        <span className={clsx("size-2 shrink-0 rounded-full", up ? "bg-emerald-400" : "bg-red-400")} aria-hidden />
        <span data-testid="engine-switcher-name" className="min-w-0 truncate">
          {engine.name}
        </span>
        <span className="shrink-0 text-slate-400" aria-hidden>
          ▾
        </span>
      </button>
      <div
        ref={panelRef}
        id={panelId}
        popover="auto"
        data-testid="engine-switcher-panel"
        onToggle={(event) => {
          const opened = (event.nativeEvent as ToggleEvent).newState === "open";
          setOpen(opened);
          const rect = triggerRef.current?.getBoundingClientRect();
          const width = panelRef.current?.offsetWidth ?? 0;
          // Under the button, its right edge on the button's, moved left no further than the screen allows.
          setRight(opened && rect ? Math.max(8, Math.min(window.innerWidth - rect.right, window.innerWidth - width - 8)) : null);
        }}
        style={right === null ? undefined : { right }}
        className="fixed [inset:unset] top-14 m-0 w-[min(24rem,calc(100vw-1rem))] rounded-b-lg border border-t-0 border-slate-700 bg-slate-900 p-2 text-slate-200 shadow-xl"
      >
        <p className="px-2 pt-1 pb-2 text-xs text-slate-400">Every page works on the engine chosen here; it is remembered for you.</p>
        {isLoading && !data ? <p className="px-2 py-3 text-sm text-slate-400">Asking every engine…</p> : null}
        {error ? (
          <p role="alert" className="px-2 py-2 text-sm text-red-300">
            {errorMessage(error)}
          </p>
        ) : null}
        <ul className="flex flex-col gap-1" aria-label="Engines">
          {(data?.engines ?? []).map((candidate) => {
            const current = candidate.id === engine.id;
            return (
              <li key={candidate.id}>
                <button
                  type="button"
                  data-testid="engine-option"
                  data-engine={candidate.id}
                  data-state={candidate.state}
                  aria-current={current ? "true" : undefined}
                  disabled={switching !== null}
                  onClick={() => void choose(candidate)}
                  className={clsx(
                    "flex w-full min-w-0 items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm disabled:opacity-60",
                    current ? "bg-slate-800" : "hover:bg-slate-800/70",
                  )}
                >
                  <span
                    className={clsx("mt-1.5 size-2 shrink-0 rounded-full", candidate.state === "up" ? "bg-emerald-400" : "bg-red-400")}
                    aria-hidden
                  />
                  <span className="min-w-0 flex-1">
                    <span className="flex items-baseline gap-2">
                      <span className="truncate font-medium text-white">{candidate.name}</span>
                      {current ? <span className="shrink-0 text-[11px] text-sky-300">current</span> : null}
                      {switching === candidate.id ? <span className="shrink-0 text-[11px] text-slate-400">switching…</span> : null}
                    </span>
                    <span className="block truncate font-mono text-[11px] text-slate-400">{candidate.host}</span>
                    <span className="block text-[11px] text-slate-400">
                      {candidate.state === "up"
                        ? [candidate.kind, candidate.version, candidate.os].filter(Boolean).join(" · ")
                        : `down: ${candidate.error ?? candidate.reason ?? "not reachable"}`}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        {failure ? (
          <p role="alert" data-testid="engine-switch-error" className="px-2 py-2 text-sm text-red-300">
            {failure}
          </p>
        ) : null}
        <div className="mt-2 border-t border-slate-700 px-2 pt-2">
          <Link
            href="/engines"
            onClick={() => panelRef.current?.hidePopover()}
            className="text-xs font-medium text-sky-300 hover:underline"
          >
            Manage engines
          </Link>
        </div>
      </div>
    </>
  );
}
