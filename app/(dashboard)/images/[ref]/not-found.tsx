import Link from "next/link";
import { headers } from "next/headers";
import { Notice } from "@/app/_components/notice";
import { getPageEngine } from "@/app/_lib/page-engine";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/parse";
import { validateImageRef } from "@/lib/images/actions";

/** The reference in the address: a not-found page gets no params, but the proxy passes the path on. */
async function requestedReference(): Promise<string> {
  const path = (await headers()).get("x-dashboard-path") ?? "";
  return decodeParam(path.split("?")[0]!.split("/")[2] ?? "");
}

/** The image page's 404 (see ../[ref]/page.tsx): an unknown reference, or one that is not valid. */
export default async function ImageNotFound() {
  const [reference, { engine }] = await Promise.all([requestedReference(), getPageEngine()]);
  let reason: string | null = null;
  try {
    validateImageRef(reference);
  } catch (error) {
    if (!isAppError(error)) throw error;
    reason = error.message;
  }
  return (
    <section data-testid="image-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No image <span className="font-mono break-all">{reference}</span> on this engine ({engine.name})
      </h1>
      {reason ? (
        <Notice tone="warning" title="That is not a valid image ID or reference">
          {reason}
        </Notice>
      ) : (
        <p className="text-sm text-slate-500">It may have been removed or untagged, or the reference is misspelled.</p>
      )}
      <Link href="/images" className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to images
      </Link>
    </section>
  );
}
