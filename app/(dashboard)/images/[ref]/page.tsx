import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { onPageEngine } from "@/app/_lib/page-engine";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { getImageDetail } from "@/lib/images/queries";
import type { ImageDetail } from "@/lib/images/types";
import { inspectImage } from "@/lib/docker/images";
import { isAppError } from "@/lib/errors";
import { shortDigest, UNTAGGED } from "@/lib/format/image";
import { decodeParam } from "@/lib/http/parse";
import { validateImageRef } from "@/lib/images/actions";
import { ImageDetailView } from "../_components/image-detail-view";

type Params = { ref: string };

/**
 * The tab title: the reference as given, or, for a link by ID, the image's first tag (its
 * 12-character ID when untagged) rather than a 71-character sha256 digest.
 */
export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const ref = decodeParam((await params).ref);
  if (!/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return { title: ref };
  const tags = await onPageEngine(() => inspectImage(ref)).then(
    (image) => (image.RepoTags ?? []).filter((tag) => tag !== UNTAGGED),
    () => [],
  );
  return { title: tags[0] ?? shortDigest(ref) };
}

export default async function ImageDetailPage({ params }: { params: Promise<Params> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const ref = decodeParam((await params).ref);
  let detail: ImageDetail | null = null;
  let error: string | null = null;
  try {
    detail = await onPageEngine(() => getImageDetail(validateImageRef(ref)));
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    // Unknown or invalid: ./not-found.tsx with a real 404. That status holds only because nothing
    // has streamed yet: no loading boundary is above this page (the list's is in images/(list)).
    if (caught.type === "not_found" || caught.type === "bad_request") notFound();
    // Engine down: render the page shell; the view keeps retrying and fills in when it is back.
    if (caught.type !== "unavailable") throw caught;
    error = caught.message;
  }
  return <ImageDetailView reference={ref} fallback={detail} initialError={error} role={principal.role} />;
}
