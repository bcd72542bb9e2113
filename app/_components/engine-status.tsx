"use client";

import clsx from "clsx";
import { useEngine } from "@/app/_lib/hooks/use-engine";
import { useLiveStatus } from "@/app/_lib/hooks/use-live-events";
import type { EngineInfo } from "@/lib/docker/types";

/** The banner sentence: the server's own message already reads "Docker engine at … is not reachable: …". */
export function unreachableMessage(info: { dockerHost: string; error: string }): string {
  const message = info.error.replace(/\.$/, "");
  if (message.startsWith("Docker engine at")) return `${message}.`;
  return `Docker engine at ${info.dockerHost || "DOCKER_HOST"} is not reachable: ${message}.`;
}

/**
 * Whether the page follows the engine's events ("Live") or polls, and why (its tooltip and, for
 * screen readers, its label). On a phone only the dot and the word stay.
 */
export function LiveIndicator() {
  const { mode, reason } = useLiveStatus();
  const live = mode === "live";
  const label = live ? "Live" : mode === "connecting" ? "Connecting" : "Polling";
  const explanation = live
    ? "Live: changes on the engine appear as they happen (the engine's event stream is connected)."
    : `${label}: ${reason ?? "no event stream"}. Pages poll the engine every few seconds meanwhile.`;
  return (
    <span
      data-testid="live-status"
      data-mode={mode}
      title={explanation}
      aria-label={explanation}
      role="status"
      className={clsx(
        "flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium ring-1",
        live ? "bg-sky-500/10 text-sky-200 ring-sky-400/30" : "bg-amber-500/10 text-amber-200 ring-amber-400/30",
      )}
    >
      <span className={clsx("size-1.5 rounded-full", live ? "bg-sky-300" : "bg-amber-300")} aria-hidden />
      {label}
    </span>
  );
}

/**
 * Engine state in the header: from the engine's event stream while the page follows it, else
 * polled every 3 s so a restarted engine shows up within one poll.
 */
export function EngineStatus({ fallback }: { fallback: EngineInfo }) {
  const info = useEngine(fallback);

  if (!info.reachable) {
    return (
      <div
        data-testid="engine-status"
        data-state="down"
        title={unreachableMessage(info)}
        className="flex min-w-0 items-center gap-2 text-xs"
      >
        {/* Where the nav is in the bar (xl up) the switcher's red dot and the banner say it. */}
        <span className="flex shrink-0 items-center gap-1.5 rounded-full bg-red-500/15 px-2.5 py-1 font-medium text-red-200 ring-1 ring-red-400/40 xl:hidden">
          <span className="size-2 rounded-full bg-red-400" aria-hidden />
          Engine unreachable
        </span>
        <LiveIndicator />
        <code className="hidden truncate rounded bg-slate-800 px-1.5 py-0.5 text-[11px] text-slate-300 sm:block">{info.dockerHost}</code>
      </div>
    );
  }

  // The last two give way first when the header is crowded; the tooltip still has them.
  const facts: [label: string, value: string, wideOnly: boolean][] = [
    ["Engine", info.version, false],
    ["API", info.apiVersion, false],
    ["OS/arch", `${info.os}/${info.arch}`, true],
    ["Storage", info.storageDriver, true],
  ];
  return (
    <div
      data-testid="engine-status"
      data-state="up"
      className="flex min-w-0 items-center gap-3 text-xs text-slate-300"
      title={`${info.os}/${info.arch} · ${info.storageDriver} · ${info.operatingSystem} · kernel ${info.kernelVersion} · ${info.images} images · ${info.containers} containers (${info.containersRunning} running)`}
    >
      {/* Where the nav is in the bar (xl up) the switcher's green dot says it. */}
      <span className="flex shrink-0 items-center gap-1.5 font-medium text-emerald-300 xl:hidden">
        <span className="relative flex size-2">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-40" aria-hidden />
          <span className="relative inline-flex size-2 rounded-full bg-emerald-400" aria-hidden />
        </span>
        Connected
      </span>
      {/* After the state: where the header is crowded (the admin's nav at 1280 px) the state is what stays. */}
      <LiveIndicator />
      {/* On a phone the state alone stays; the tooltip has the rest. */}
      <dl className="hidden items-center gap-3 md:flex">
        {facts.map(([label, value, wideOnly]) => (
          <div key={label} className={`${wideOnly ? "hidden 2xl:flex" : "flex"} items-center gap-1 whitespace-nowrap`}>
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-mono text-slate-200">{value}</dd>
          </div>
        ))}
      </dl>
      <code
        className="hidden min-w-24 truncate rounded bg-slate-800 px-1.5 py-0.5 text-[11px] text-slate-300 sm:block"
        title={`DOCKER_HOST=${info.dockerHost}`}
      >
        {info.dockerHost}
      </code>
    </div>
  );
}

/** The red strip under the header while the engine is down; nothing while it is up. */
export function EngineBanner({ fallback }: { fallback: EngineInfo }) {
  const info = useEngine(fallback);
  const live = useLiveStatus().mode === "live";
  if (info.reachable) return null;
  return (
    <div role="alert" data-testid="engine-banner" className="border-b border-red-700 bg-red-600 text-sm text-white">
      <div className="mx-auto flex max-w-[1400px] flex-wrap items-center gap-2 px-4 py-2 sm:px-6">
        <svg viewBox="0 0 20 20" className="size-4 shrink-0" aria-hidden>
          <path d="M10 2l8.5 15h-17L10 2z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          <path d="M10 8v4M10 14.5v.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <span className="min-w-0 font-semibold break-words">{unreachableMessage(info)}</span>
        <span className="ml-auto shrink-0 text-red-100">
          {live ? "Reconnecting every 2 s; this clears when it is back" : "Checking again every 3 s"}
        </span>
      </div>
    </div>
  );
}
