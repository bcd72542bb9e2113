import Link from "next/link";
import { headers } from "next/headers";
import { Notice } from "@/app/_components/notice";
import { getPageEngine } from "@/app/_lib/page-engine";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/parse";

/** The container in the address: a not-found page gets no params, but the proxy passes the path on. */
async function requestedReference(): Promise<string> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  return decodeParam(path.split("?")[0]!.split("/")[2] ?? "");
}

/**
 * The 404 of a container's pages: containers/[id]/layout.tsx calls notFound() for an unknown or
 * invalid container, and only a boundary above that layout (this one) can catch it.
 */
export default async function ContainerNotFound() {
  const [reference, { engine }] = await Promise.all([requestedReference(), getPageEngine()]);
  let reason: string | null = null;
  try {
    validateContainerRef(reference);
  } catch (error) {
    if (!isAppError(error)) throw error;
    reason = error.message;
  }
  return (
    <section data-testid="container-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No container <span className="font-mono break-all">{reference}</span> on this engine ({engine.name})
      </h1>
      {reason ? (
        <Notice tone="warning" title="That is not a valid container ID or name">
          {reason}
        </Notice>
      ) : (
        <p className="text-sm text-slate-500">It may have been removed (or started with --rm and stopped), or the name is misspelled.</p>
      )}
      <Link href="/containers" className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to containers
      </Link>
    </section>
  );
}
