"use client";

import { clsx } from "clsx";
import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { Button } from "./button";
import { CliCommand } from "./cli-command";
import { RoleButton } from "./role-button";

/** One entry of a row's Actions menu. */
export type RowMenuItem = {
  key: string;
  /** The button's text; an action that asks first ends in "…". */
  label: string;
  onSelect: () => void;
  /** The role the action needs: a lower `role` sees it disabled with a "needs …" hint. */
  needs?: Role;
  /** Destructive actions are drawn red. */
  danger?: boolean;
  /** The docker CLI line of the action, shown while the entry is pointed at or focused. */
  command?: string;
  disabled?: boolean;
  title?: string;
};

/**
 * The one pattern for a list row's actions on every page: an "Actions ▾" button opening a popover
 * (top layer, so a table's scroll box does not clip it) with the row's actions and, under them,
 * the docker line of the one pointed at, so the command is on screen before it runs.
 *
 * @example
 * <RowMenu label="seed/web:1" role={role} items={[{ key: "tag", label: "Tag…", needs: "operator", onSelect: openTag }]} />
 */
export function RowMenu({
  label,
  items,
  role,
  busy,
  commandTestId = "row-action-command",
}: {
  /** What the row is, for the button's accessible name ("Actions for LABEL"). */
  label: string;
  items: readonly RowMenuItem[];
  /** The signed-in user's role; items with `needs` above it are shown disabled. */
  role: Role;
  /** While an action of the row runs: the button says so (e.g. "Stopping…") and is disabled. */
  busy?: string | null;
  /** The test id of the CLI line. */
  commandTestId?: string;
}) {
  const menuId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLSpanElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number; above: number } | null>(null);
  const [pointed, setPointed] = useState<string | null>(null);
  const [top, setTop] = useState<number | null>(null);

  const hide = () => {
    if (menuRef.current?.matches(":popover-open")) menuRef.current.hidePopover();
  };

  // The popover is fixed where the trigger was; scrolling the page would leave it behind, so it
  // closes (scrolling inside it, e.g. along a long CLI line, does not count).
  useEffect(() => {
    if (!position) return;
    const onScroll = (event: Event) => {
      if (!menuRef.current?.contains(event.target as Node)) hide();
    };
    window.addEventListener("scroll", onScroll, { capture: true });
    return () => window.removeEventListener("scroll", onScroll, { capture: true });
  }, [position]);

  // The menu's height is known only once its items render: when it would run past the bottom of
  // the screen (a row near the bottom), it opens above the button instead, and is kept on screen.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!position || !menu) return;
    const margin = 8;
    const height = menu.offsetHeight;
    const flipped = position.above - height;
    if (position.top + height <= window.innerHeight - margin) setTop(position.top);
    else setTop(flipped >= margin ? flipped : Math.max(margin, window.innerHeight - margin - height));
  }, [position]);

  const withCommand = items.filter((item) => item.command);
  const shown = withCommand.find((item) => item.key === pointed) ?? withCommand[0];

  return (
    <>
      <span ref={triggerRef} className="inline-flex">
        <Button size="sm" variant="ghost" popoverTarget={menuId} aria-label={`Actions for ${label}`} disabled={Boolean(busy)}>
          {busy ?? "Actions ▾"}
        </Button>
      </span>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        data-testid="row-actions"
        aria-label={`Actions for ${label}`}
        onToggle={(event) => {
          const open = (event.nativeEvent as ToggleEvent).newState === "open";
          const rect = triggerRef.current?.getBoundingClientRect();
          const width = menuRef.current?.offsetWidth ?? 0;
          // Right-aligned under the button, but never past either edge of the screen (phones).
          const left = rect ? Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8)) : 0;
          setPosition(open && rect ? { top: rect.bottom + 4, left, above: rect.top - 4 } : null);
          if (!open) setPointed(null);
        }}
        style={position ? { top: top ?? position.top, left: position.left } : undefined}
        className="fixed [inset:unset] m-0 max-h-[calc(100dvh-1rem)] w-[min(24rem,calc(100vw-1rem))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 text-left whitespace-normal shadow-xl"
      >
        {position ? (
          <div className="space-y-2">
            <div className={clsx("grid gap-1.5", items.length > 3 ? "grid-cols-2" : "grid-cols-1")}>
              {items.map((item) => {
                const props = {
                  size: "sm" as const,
                  variant: item.danger ? ("ghost-danger" as const) : ("ghost" as const),
                  disabled: item.disabled,
                  title: item.title,
                  className: "w-full justify-start",
                  onMouseEnter: () => setPointed(item.key),
                  onFocus: () => setPointed(item.key),
                  onClick: () => {
                    hide();
                    item.onSelect();
                  },
                };
                return item.needs ? (
                  <RoleButton key={item.key} role={role} needs={item.needs} {...props}>
                    {item.label}
                  </RoleButton>
                ) : (
                  <Button key={item.key} {...props}>
                    {item.label}
                  </Button>
                );
              })}
            </div>
            {shown?.command ? <CliCommand command={shown.command} testId={commandTestId} /> : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
