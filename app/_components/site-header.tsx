import Link from "next/link";
import type { EngineInfo } from "@/lib/docker/types";
import { EngineStatus } from "./engine-status";
import { NavLink } from "./nav-link";

export function SiteHeader({ engine }: { engine: EngineInfo }) {
  return (
    <header className="sticky top-0 z-40 h-14 border-b border-slate-800 bg-slate-900">
      <div className="mx-auto flex h-full max-w-[1400px] items-center gap-6 px-6">
        <Link href="/images" className="flex shrink-0 items-center gap-2 text-white">
          <LogoMark />
          <span className="text-sm font-semibold tracking-tight">Image dashboard</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <NavLink href="/images">Images</NavLink>
          <NavLink href="/audit">Audit log</NavLink>
        </nav>
        <div className="ml-auto flex min-w-0 items-center">
          <EngineStatus fallback={engine} />
        </div>
      </div>
    </header>
  );
}

/** Three stacked layers: the app's subject in one glyph. */
function LogoMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" aria-hidden>
      <rect x="3" y="15" width="18" height="5" rx="1.5" className="fill-sky-500" />
      <rect x="5" y="9" width="14" height="5" rx="1.5" className="fill-sky-400" />
      <rect x="7" y="3" width="10" height="5" rx="1.5" fill="none" strokeDasharray="2 1.5" className="stroke-sky-300" strokeWidth="1.2" />
    </svg>
  );
}
