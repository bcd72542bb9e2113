"use client";

import { api, isApiError, loadPage, setLeaving } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import type { Role } from "@/lib/auth/roles";
import { useToast } from "./toast";

const ROLE_BADGE: Record<Role, string> = {
  viewer: "bg-slate-700 text-slate-200 ring-slate-500",
  operator: "bg-sky-900/60 text-sky-200 ring-sky-500/60",
  admin: "bg-violet-900/60 text-violet-200 ring-violet-400/60",
};

/** The signed-in user's name, their role as a badge beside it (never "admin / admin"), and Sign out. */
export function UserMenu({ username, role, testId = "user-menu" }: { username: string; role: Role; testId?: string }) {
  const toast = useToast();
  const signOut = useAction(async () => {
    // Polls answered 401 once the session is gone must not send the page to /login?next=… instead.
    setLeaving(true);
    try {
      await api.auth.logout();
    } catch (error) {
      // 401 means the session had ended already: going to /login is still right.
      if (!(isApiError(error) && error.status === 401)) {
        setLeaving(false);
        toast(error instanceof Error ? error.message : String(error), "error");
        return;
      }
    }
    // The root layout (this header) must render signed out and no cached data of the session may survive.
    loadPage("/login");
  });
  const pending = signOut.running;

  return (
    <div data-testid={testId} className="flex shrink-0 items-center gap-2 text-xs xl:border-l xl:border-slate-700 xl:pl-4">
      <span
        className="flex size-6 items-center justify-center rounded-full bg-slate-700 text-[11px] font-semibold text-slate-200 uppercase"
        aria-hidden
      >
        {username.slice(0, 1)}
      </span>
      <span className="flex min-w-0 items-center gap-1.5">
        <span data-testid="user-name" title={username} className="max-w-36 truncate font-medium text-slate-100 xl:max-w-20 2xl:max-w-36">
          {username}
        </span>
        <span
          data-testid="user-role"
          title={`Signed in as ${username}, role ${role}`}
          className={`rounded px-1.5 py-0.5 text-[10px] leading-none font-semibold tracking-wide uppercase ring-1 ring-inset ${ROLE_BADGE[role]}`}
        >
          {role}
        </span>
      </span>
      <button
        type="button"
        onClick={() => void signOut.start()}
        disabled={pending}
        className="ml-1 rounded-md px-2 py-1 font-medium whitespace-nowrap text-slate-300 ring-1 ring-slate-600 ring-inset hover:bg-slate-800 hover:text-white disabled:opacity-50"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
