import type { Metadata } from "next";
import { connection } from "next/server";
import { ListPageHeader } from "@/app/_components/list-page-header";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { VolumesView } from "./_components/volumes-view";

export const metadata: Metadata = { title: "Volumes" };

export default async function VolumesPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <ListPageHeader title="Volumes" command="docker volume ls" commandWidth="w-60">
        Storage that lives outside any container&apos;s copy-on-write layer: it survives the container and can be shared. An image&apos;s{" "}
        <span className="font-mono">VOLUME</span> gives each container an <em>anonymous</em> volume (named by the engine) that stays behind
        when the container is removed without <span className="font-mono">-v</span>.
      </ListPageHeader>
      <VolumesView role={principal.role} />
    </div>
  );
}
