import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { fleetImagesQuerySchema } from "@/lib/fleet/schemas";
import { parsePageQuery } from "@/lib/http/parse";
import { FleetView } from "./_components/fleet-view";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const query = parsePageQuery(fleetImagesQuerySchema, await searchParams);
  // A light shell, like the images list: the matrix comes from GET /api/fleet/images through SWR.
  return (
    <div className="space-y-5">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">Fleet</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          Every image on every engine, by image ID: where it is, where it runs, and where it is missing or stale (the same tag names another
          image there). An image ID is the digest of the image&apos;s config, so the same ID is the same image on any engine; copying sends
          the image&apos;s layers as they are and keeps its ID.
        </p>
      </div>
      <FleetView role={principal.role} initialQuery={{ q: query.q ?? "" }} />
    </div>
  );
}
