import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { BuildDetailView } from "../_components/build-detail";

export const metadata: Metadata = { title: "Build" };

/** `/builds/{id}`: one stored build, its steps (with why each missed the cache), log, and Rebuild. */
export default async function BuildPage({ params }: { params: Promise<{ id: string }> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const { id } = await params;
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
        <Link href="/builds" className="hover:text-slate-900 hover:underline">
          Builds
        </Link>
        <span className="mx-1.5">/</span>
        <span className="font-mono">{id}</span>
      </nav>
      <BuildDetailView id={id} role={principal.role} />
    </div>
  );
}
