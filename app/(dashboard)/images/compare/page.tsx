import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { ImageCompareView } from "../_components/image-compare-view";

export const metadata: Metadata = { title: "Compare images" };

type SearchParams = Record<string, string | string[] | undefined>;

function pick(value: string | string[] | undefined): string {
  // The same bound the API's compare query has (lib/layers/schemas.ts); the API checks the rest.
  return typeof value === "string" ? value.slice(0, 512) : "";
}

/** A layer index from the address; anything else is the whole image (the API would refuse it). */
function pickLayer(value: string | string[] | undefined): number | null {
  return typeof value === "string" && /^(?:0|[1-9]\d{0,5})$/.test(value) ? Number(value) : null;
}

/**
 * Files added, removed and changed between two images, or two layers:
 * `/images/compare?a=REF&b=REF`, with `&aLayer=N&bLayer=M` for a side at a layer.
 */
export default async function CompareImagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePagePrincipal("viewer");
  await connection();
  const params = await searchParams;
  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="mb-1 text-xs text-slate-500">
          <Link href="/images" className="hover:text-slate-900 hover:underline">
            Images
          </Link>
          <span className="mx-1.5">/</span>
          <span>Compare</span>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Compare images</h1>
        <p className="text-sm text-slate-500">
          What a container of the second image sees that one of the first does not: files added, removed and changed (by content). Each side
          can be taken at a layer: a layer against the one below it is what that step changed.
        </p>
      </div>
      <ImageCompareView
        initial={{ a: pick(params.a), aLayer: pickLayer(params.aLayer), b: pick(params.b), bLayer: pickLayer(params.bLayer) }}
      />
    </div>
  );
}
