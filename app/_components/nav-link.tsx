"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** A header link that marks itself current for its whole section (e.g. /images/... under Images). */
export function NavLink({ href, children, onClick }: { href: string; children: React.ReactNode; onClick?: () => void }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      onClick={onClick}
      aria-current={current ? "page" : undefined}
      className={clsx(
        "rounded-md px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors xl:px-2 2xl:px-2.5",
        current ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-white",
      )}
    >
      {children}
    </Link>
  );
}
