import Link from "next/link";
import type { Role } from "@/lib/auth/roles";
import type { EngineInfo } from "@/lib/docker/types";
import { EngineStatus } from "./engine-status";
import { EngineSwitcher } from "./engine-switcher";
import { HeaderMenu } from "./header-menu";
import { LogoMark } from "./logo-mark";
import { NavLink } from "./nav-link";
import { NavMore } from "./nav-more";
import { UserMenu } from "./user-menu";

/** In the wide bar these sit under "More ▾"; the phone menu lists every section. */
const SECONDARY = new Set(["/engines", "/fleet", "/api-docs", "/users", "/tokens"]);

/** The sections in the nav, in order; Registries needs operator, Users and Tokens admin. */
function navEntries(role: Role): { href: string; label: string }[] {
  return [
    { href: "/images", label: "Images" },
    { href: "/containers", label: "Containers" },
    { href: "/volumes", label: "Volumes" },
    { href: "/networks", label: "Networks" },
    { href: "/builds", label: "Builds" },
    { href: "/cleanup", label: "Clean-up" },
    ...(role !== "viewer" ? [{ href: "/registries", label: "Registries" }] : []),
    { href: "/audit", label: "Audit log" },
    { href: "/engines", label: "Engines" },
    { href: "/fleet", label: "Fleet" },
    { href: "/api-docs", label: "API" },
    ...(role === "admin"
      ? [
          { href: "/users", label: "Users" },
          { href: "/tokens", label: "Tokens" },
        ]
      : []),
  ];
}

/**
 * The header. From xl up the nav and the user sit in the bar; below, they move into a panel behind
 * a Menu button, and the engine status stays in the bar (shortened to its state on a phone).
 */
export function SiteHeader({ engine, user }: { engine: EngineInfo; user: { username: string; role: Role } }) {
  const entries = navEntries(user.role);
  return (
    <header className="sticky top-0 z-40 h-14 border-b border-slate-800 bg-slate-900">
      <div className="mx-auto flex h-full max-w-[1400px] items-center gap-3 px-4 sm:px-6 xl:gap-4 2xl:gap-6">
        <Link href="/images" className="flex shrink-0 items-center gap-2 text-white" aria-label="Image dashboard">
          <LogoMark />
          {/* From xl up the bar holds the nav, the engine switcher and the user: the mark alone stays (the link names it). */}
          <span className="hidden text-sm font-semibold tracking-tight sm:inline xl:hidden">Image dashboard</span>
        </Link>
        <nav aria-label="Main" className="hidden shrink-0 items-center gap-1 xl:flex">
          {entries
            .filter((entry) => !SECONDARY.has(entry.href))
            .map((entry) => (
              <NavLink key={entry.href} href={entry.href}>
                {entry.label}
              </NavLink>
            ))}
          <NavMore entries={entries.filter((entry) => SECONDARY.has(entry.href))} />
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3 2xl:gap-4">
          <EngineSwitcher fallback={engine} />
          {/* With every section in the nav the facts can outgrow the room left: clip, never overlap the user menu.
              From xl up the Live pill comes first in it and keeps room for its longest word, "Connecting"; the
              facts give way before the engine's name does. */}
          <div className="min-w-0 overflow-hidden xl:min-w-[5.75rem] xl:shrink-100">
            <EngineStatus fallback={engine} />
          </div>
          <div className="hidden shrink-0 xl:block">
            <UserMenu username={user.username} role={user.role} />
          </div>
          <HeaderMenu username={user.username} role={user.role} entries={entries} />
        </div>
      </div>
    </header>
  );
}
