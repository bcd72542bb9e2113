import Link from "next/link";
import { headers } from "next/headers";
import { decodeParam } from "@/lib/http/parse";

/** The volume in the address: a not-found page gets no params, but the proxy passes the path on. */
async function requestedVolume(): Promise<string> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  return decodeParam(path.split("?")[0]!.split("/")[2] ?? "");
}

/** The 404 of a volume's page: volumes/[name]/page.tsx calls notFound() for an unknown or invalid name. */
export default async function VolumeNotFound() {
  const name = await requestedVolume();
  return (
    <section data-testid="volume-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No volume <span className="font-mono break-all">{name}</span> on this engine
      </h1>
      <p className="text-sm text-slate-500">
        It may have been removed (an anonymous volume goes with its container on <code>docker rm -v</code> or <code>--rm</code>), or the
        name is misspelled.
      </p>
      <Link href="/volumes" className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to volumes
      </Link>
    </section>
  );
}
