import type { Metadata } from "next";
import { connection } from "next/server";
import { EngineProvider } from "@/app/_components/engine-context";
import { EngineBanner } from "@/app/_components/engine-status";
import { SiteHeader } from "@/app/_components/site-header";
import { ToastProvider } from "@/app/_components/toast";
import { getPagePrincipal } from "@/lib/auth/authenticate";
import { getPageEngine, pageEngineView } from "@/app/_lib/page-engine";
import { runOnEngine } from "@/lib/docker/client";
import { getEngineInfo } from "@/lib/docker/engine";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Docker image dashboard", template: "%s · Docker image dashboard" },
  description: "Images, layers, history and sharing on a Docker engine",
  // Files in public/ (made by scripts/make-icons.ts), served without signing in (see proxy.ts).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
  manifest: "/manifest.webmanifest",
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
  // The engine the user works on (see getPageEngine). A status up to 2 s old will do: the header
  // asks GET /api/engine again as soon as it loads.
  const { engine: pageEngine, remembered, requested } = await getPageEngine();
  const engine = await runOnEngine(pageEngine, () => getEngineInfo({ maxAgeMs: 2000 }));
  const user = { username: principal.kind === "user" ? principal.username : principal.name, role: principal.role };
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ToastProvider>
          <EngineProvider engine={pageEngineView(pageEngine)} remembered={remembered} requested={requested}>
            <SiteHeader engine={engine} user={user} />
            <EngineBanner fallback={engine} />
            <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
          </EngineProvider>
        </ToastProvider>
      </body>
    </html>
  );
}
