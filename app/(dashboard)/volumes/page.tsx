import type { Metadata } from "next";
import { connection } from "next/server";
import { CliCommand } from "@/app/_components/cli-command";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { VolumesView } from "./_components/volumes-view";

export const metadata: Metadata = { title: "Volumes" };

export default async function VolumesPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">Volumes</h1>
          <p className="max-w-3xl text-sm text-slate-500">
            Storage that lives outside any container&apos;s copy-on-write layer: it survives the container and can be shared. An
            image&apos;s <span className="font-mono">VOLUME</span> gives each container an <em>anonymous</em> volume (named by the engine)
            that stays behind when the container is removed without <span className="font-mono">-v</span>.
          </p>
        </div>
        <div className="w-60">
          <CliCommand command="docker volume ls" />
        </div>
      </div>
      <VolumesView role={principal.role} />
    </div>
  );
}
