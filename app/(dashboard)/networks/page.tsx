import type { Metadata } from "next";
import { connection } from "next/server";
import { ListPageHeader } from "@/app/_components/list-page-header";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { NetworksView } from "./_components/networks-view";

export const metadata: Metadata = { title: "Networks" };

export default async function NetworksPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <ListPageHeader title="Networks" command="docker network ls" commandWidth="w-64">
        Containers on the same user-defined network reach each other by name; an <em>internal</em> network has no route out. The
        engine&apos;s own <span className="font-mono">bridge</span>, <span className="font-mono">host</span> and{" "}
        <span className="font-mono">none</span> cannot be removed.
      </ListPageHeader>
      <NetworksView role={principal.role} />
    </div>
  );
}
