import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { Notice } from "@/app/_components/notice";
import { getImageDetail } from "@/lib/docker/images";
import type { ImageDetail } from "@/lib/docker/types";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/route";
import { validateImageRef } from "@/lib/images/actions";
import { ImageDetailView } from "../_components/image-detail-view";

type Params = { ref: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: decodeParam((await params).ref) };
}

export default async function ImageDetailPage({ params }: { params: Promise<Params> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const ref = decodeParam((await params).ref);
  let detail: ImageDetail | null = null;
  let error: string | null = null;
  try {
    detail = await getImageDetail(validateImageRef(ref));
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    if (caught.status === 404 || caught.status === 400)
      return <ImageNotFound reference={ref} reason={caught.status === 400 ? caught.message : null} />;
    // Engine down: render the page shell; the view keeps retrying and fills in when it is back.
    if (caught.status !== 503) throw caught;
    error = caught.message;
  }
  return <ImageDetailView reference={ref} fallback={detail} initialError={error} role={principal.role} />;
}

function ImageNotFound({ reference, reason }: { reference: string; reason: string | null }) {
  return (
    <section data-testid="image-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No image <span className="font-mono break-all">{reference}</span> on this engine
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
