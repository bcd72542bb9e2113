import { LiveEvents } from "@/app/_lib/hooks/use-live-events";
import { requirePagePrincipal } from "@/lib/auth/authenticate";

/**
 * Every dashboard page checks the session itself (client-side navigations render only the page);
 * this check is for full page loads: a page inside a loading boundary streams after the response
 * has started, so its redirect could no longer be an HTTP redirect, but this layout's can.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  await requirePagePrincipal("viewer");
  return (
    <>
      {/* One event stream for the page, kept across navigations between dashboard pages. */}
      <LiveEvents />
      {children}
    </>
  );
}
