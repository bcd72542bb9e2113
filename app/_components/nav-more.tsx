"use client";

import { clsx } from "clsx";
import { usePathname } from "next/navigation";
import { useId, useRef, useState } from "react";
import { NavLink } from "./nav-link";

/**
 * The wide header's "More ▾": the sections people visit less (engines, the API reference, users, tokens)
 * in a popover, so the bar keeps room for the engine status from 1280 px up. Marked current when
 * the page is one of them.
 */
export function NavMore({ entries }: { entries: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const panelId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [left, setLeft] = useState<number | null>(null);
  const current = entries.some((entry) => pathname === entry.href || pathname.startsWith(`${entry.href}/`));
  if (entries.length === 0) return null;
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        popoverTarget={panelId}
        data-testid="nav-more-button"
        className={clsx(
          "rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors xl:px-2 2xl:px-2.5",
          current ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-white",
        )}
      >
        More ▾
      </button>
      <div
        ref={panelRef}
        id={panelId}
        popover="auto"
        data-testid="nav-more"
        onToggle={(event) => {
          const open = (event.nativeEvent as ToggleEvent).newState === "open";
          const rect = triggerRef.current?.getBoundingClientRect();
          const width = panelRef.current?.offsetWidth ?? 0;
          setLeft(open && rect ? Math.max(8, Math.min(rect.left, window.innerWidth - width - 8)) : null);
        }}
        style={left === null ? undefined : { left }}
        // No display class here: it would show the popover while closed (it beats the browser's rule).
        className="fixed [inset:unset] top-14 m-0 min-w-40 rounded-b-lg border border-t-0 border-slate-700 bg-slate-900 p-2 shadow-xl"
      >
        <div className="flex flex-col gap-1">
          {entries.map((entry) => (
            <NavLink key={entry.href} href={entry.href} onClick={() => panelRef.current?.hidePopover()}>
              {entry.label}
            </NavLink>
          ))}
        </div>
      </div>
    </>
  );
}
