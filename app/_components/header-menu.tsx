"use client";

import { useId, useRef } from "react";
import type { Role } from "@/lib/auth/roles";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

/**
 * Below xl: the Menu button and the panel (a popover: Escape and a click outside close it) with
 * the nav and the signed-in user. Following a link closes it, since a client-side navigation
 * keeps the header mounted.
 */
export function HeaderMenu({
  username,
  role,
  entries,
}: {
  username: string;
  role: Role;
  entries: readonly { href: string; label: string }[];
}) {
  const panelId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  return (
    <>
      <button
        type="button"
        popoverTarget={panelId}
        data-testid="header-menu-button"
        aria-label="Menu"
        className="flex shrink-0 items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-200 ring-1 ring-slate-600 ring-inset hover:bg-slate-800 xl:hidden"
      >
        <svg viewBox="0 0 20 20" className="size-4" aria-hidden>
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
        <span className="hidden sm:inline">Menu</span>
      </button>
      <div
        ref={panelRef}
        id={panelId}
        popover="auto"
        data-testid="header-menu"
        className="fixed [inset:unset] top-14 right-0 left-0 m-0 max-h-[calc(100dvh-3.5rem)] w-full overflow-y-auto border-b border-slate-700 bg-slate-900 p-4 shadow-xl xl:hidden"
      >
        <nav aria-label="Main" className="grid grid-cols-2 gap-1 sm:grid-cols-3">
          {entries.map((entry) => (
            <NavLink key={entry.href} href={entry.href} onClick={() => panelRef.current?.hidePopover()}>
              {entry.label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-4 border-t border-slate-700 pt-4">
          <UserMenu username={username} role={role} testId="user-menu-panel" />
        </div>
      </div>
    </>
  );
}
