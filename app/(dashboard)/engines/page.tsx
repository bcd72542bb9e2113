import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { EnginesView } from "./_components/engines-view";

export const metadata: Metadata = { title: "Engines" };

/**
 * The engines the dashboard manages: the one at DOCKER_HOST and the ones admins added. The list is
 * read in the browser: it pings every engine, and one that is down must not hold up the page.
 */
export default async function EnginesPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Engines</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          The Docker (or Podman) engines this dashboard manages, each asked for its state as the list loads. Every page works on the engine
          chosen in the header; switching is remembered for you. TLS keys and ssh keys are sealed at rest and never shown again.
        </p>
      </div>
      <EnginesView role={principal.role} />
    </div>
  );
}
