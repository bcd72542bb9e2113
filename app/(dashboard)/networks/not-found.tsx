import Link from "next/link";
import { headers } from "next/headers";
import { decodeParam } from "@/lib/http/parse";

/** The network in the address: a not-found page gets no params, but the proxy passes the path on. */
async function requestedNetwork(): Promise<string> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  return decodeParam(path.split("?")[0]!.split("/")[2] ?? "");
}

/** The 404 of a network's page: networks/[id]/page.tsx calls notFound() for an unknown or invalid ID or name. */
export default async function NetworkNotFound() {
  const id = await requestedNetwork();
  return (
    <section data-testid="network-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No network <span className="font-mono break-all">{id}</span> on this engine
      </h1>
      <p className="text-sm text-slate-500">It may have been removed, or the ID or name is misspelled.</p>
      <Link href="/networks" className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to networks
      </Link>
    </section>
  );
}
