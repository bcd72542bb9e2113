import type { Metadata } from "next";
import { connection } from "next/server";
import { EngineBanner } from "@/app/_components/engine-status";
import { SiteHeader } from "@/app/_components/site-header";
import { ToastProvider } from "@/app/_components/toast";
import { getPagePrincipal } from "@/lib/auth/authenticate";
import { getEngineInfo } from "@/lib/docker/engine";
import "./globals.css";

// The logo as an inline icon: without one the browser asks for /favicon.ico, which the catch-all
// page answers with a 404 (or, signed out, a redirect to /login).
const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="3" y="15" width="18" height="5" rx="1.5" fill="#0ea5e9"/><rect x="5" y="9" width="14" height="5" rx="1.5" fill="#38bdf8"/><rect x="7" y="3" width="10" height="5" rx="1.5" fill="none" stroke="#7dd3fc" stroke-width="1.2" stroke-dasharray="2 1.5"/></svg>',
)}`;

export const metadata: Metadata = {
  title: { default: "Docker image dashboard", template: "%s · Docker image dashboard" },
  description: "Images, layers, history and sharing on a Docker engine",
  icons: { icon: ICON },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The engine's state is read per request, never baked into the build; rendering per request is
  // also what puts the CSP nonce on Next's own scripts.
  await connection();
  // Null only on /login and /setup (the proxy and every page send anyone else there): those get
  // no header, and nothing that polls an API they may not call.
  const principal = await getPagePrincipal();
  if (!principal) {
    return (
      <html lang="en">
        <body className="min-h-screen bg-slate-100 text-slate-900 antialiased">
          <ToastProvider>{children}</ToastProvider>
        </body>
      </html>
    );
  }
  const engine = await getEngineInfo();
  const user = { username: principal.kind === "user" ? principal.username : principal.name, role: principal.role };
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ToastProvider>
          <SiteHeader engine={engine} user={user} />
          <EngineBanner fallback={engine} />
          <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
        </ToastProvider>
      </body>
    </html>
  );
}
