import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { z } from "zod";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { launchSpecSchema } from "@/lib/containers/launch";
import { parsePageQuery } from "@/lib/http/parse";
import { LaunchForm } from "./_components/launch-form";

export const metadata: Metadata = { title: "Launch a container" };

/** `?image=`: what the form starts from, read as the launch's own `image` field. */
const launchPageQuerySchema = z.object({ image: launchSpecSchema.shape.image.optional() });

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * `/containers/new?image=REF_OR_ID`. Open to viewers too: they see the form read-only with its
 * docker CLI line (the API refuses their launch anyway).
 */
export default async function NewContainerPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const initial = parsePageQuery(launchPageQuerySchema, await searchParams).image ?? "";
  return (
    <div className="space-y-5">
      <div>
        <nav aria-label="Breadcrumb" className="mb-1 text-xs text-slate-500">
          <Link href="/containers" className="hover:text-slate-900 hover:underline">
            Containers
          </Link>
          <span className="mx-1.5">/</span>
          <span>New</span>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Launch a container</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          A container is the image&apos;s read-only layers plus a writable layer of its own, and one process. The panel beside the form
          shows the process that will run and the docker command that does the same.
        </p>
      </div>
      {/* Keyed by the image: following another Launch link while here starts a fresh form. */}
      <LaunchForm key={initial} initialImage={initial} role={principal.role} />
    </div>
  );
}
