import Link from "next/link";
import { headers } from "next/headers";
import { getPageEngine } from "@/app/_lib/page-engine";
import { decodeParam } from "@/lib/http/parse";

/** The name in the address (`/volumes/NAME`): a not-found page gets no params, but the proxy passes the path on. */
async function requestedName(): Promise<string> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  return decodeParam(path.split("?")[0]!.split("/")[2] ?? "");
}

/**
 * The 404 of a volume's or network's page ("No volume NAME on this engine"), with a way back to the
 * list. A Server Component: it reads the requested name from the request.
 */
export async function EngineObjectNotFound({
  kind,
  list,
  children,
}: {
  kind: "volume" | "network";
  list: { href: string; label: string };
  /** Why it may be missing. */
  children: React.ReactNode;
}) {
  const [name, { engine }] = await Promise.all([requestedName(), getPageEngine()]);
  return (
    <section data-testid={`${kind}-not-found`} className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No {kind} <span className="font-mono break-all">{name}</span> on this engine ({engine.name})
      </h1>
      <p className="text-sm text-slate-500">{children}</p>
      <Link href={list.href} className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to {list.label}
      </Link>
    </section>
  );
}
