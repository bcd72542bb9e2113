import Link from "next/link";
import type { Role } from "@/lib/auth/roles";
import type { EngineInfo } from "@/lib/docker/types";
import { EngineStatus } from "./engine-status";
import { LogoMark } from "./logo-mark";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

export function SiteHeader({ engine, user }: { engine: EngineInfo; user: { username: string; role: Role } }) {
  return (
    <header className="sticky top-0 z-40 h-14 border-b border-slate-800 bg-slate-900">
      <div className="mx-auto flex h-full max-w-[1400px] items-center gap-6 px-6">
        <Link href="/images" className="flex shrink-0 items-center gap-2 text-white">
          <LogoMark />
          <span className="text-sm font-semibold tracking-tight">Image dashboard</span>
        </Link>
        <nav aria-label="Main" className="flex shrink-0 items-center gap-1">
          <NavLink href="/images">Images</NavLink>
          <NavLink href="/containers">Containers</NavLink>
          {user.role !== "viewer" ? <NavLink href="/registries">Registries</NavLink> : null}
          <NavLink href="/audit">Audit log</NavLink>
          <NavLink href="/api-docs">API</NavLink>
          {user.role === "admin" ? (
            <>
              <NavLink href="/users">Users</NavLink>
              <NavLink href="/tokens">Tokens</NavLink>
            </>
          ) : null}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-4">
          {/* With every section in the nav the facts can outgrow the room left: clip, never overlap the user menu. */}
          <div className="min-w-0 overflow-hidden">
            <EngineStatus fallback={engine} />
          </div>
          <UserMenu username={user.username} role={user.role} />
        </div>
      </div>
    </header>
  );
}
