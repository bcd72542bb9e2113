import type { Metadata } from "next";
import { connection } from "next/server";
import { EngineBanner } from "@/app/_components/engine-status";
import { SiteHeader } from "@/app/_components/site-header";
import { ToastProvider } from "@/app/_components/toast";
import { getEngineInfo } from "@/lib/docker/engine";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Docker image dashboard", template: "%s · Docker image dashboard" },
  description: "Images, layers, history and sharing on a Docker engine",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The engine's state is read per request, never baked into the build.
  await connection();
  const engine = await getEngineInfo();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ToastProvider>
          <SiteHeader engine={engine} />
          <EngineBanner fallback={engine} />
          <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
        </ToastProvider>
      </body>
    </html>
  );
}
