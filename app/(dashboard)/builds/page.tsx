import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { BuildHistory } from "./_components/build-history";
import { BuildsView } from "./_components/builds-view";

export const metadata: Metadata = { title: "Builds" };

/**
 * `/builds`: build an image from a Dockerfile with the classic builder, watch each step (its
 * cache hit, its output, the image it made) and debug a failure by launching the last good step.
 * Viewers see the editor and its lint; building needs operator.
 */
export default async function BuildsPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Builds</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          Each instruction of a Dockerfile is a step, and each step that changes the filesystem makes a layer. The engine keeps every
          step&apos;s result and reuses it when the instruction (and the files it copies) are unchanged: a changed step misses the cache,
          and so does every step after it. Every step&apos;s image is kept, so a failed build is debugged by launching a container from the
          last step that worked.
        </p>
      </div>
      <BuildsView role={principal.role} />
      <BuildHistory />
    </div>
  );
}
