import type { Metadata } from "next";
import { connection } from "next/server";
import { CliCommand } from "@/app/_components/cli-command";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { NetworksView } from "./_components/networks-view";

export const metadata: Metadata = { title: "Networks" };

export default async function NetworksPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">Networks</h1>
          <p className="max-w-3xl text-sm text-slate-500">
            Containers on the same user-defined network reach each other by name; an <em>internal</em> network has no route out. The
            engine&apos;s own <span className="font-mono">bridge</span>, <span className="font-mono">host</span> and{" "}
            <span className="font-mono">none</span> cannot be removed.
          </p>
        </div>
        <div className="w-64">
          <CliCommand command="docker network ls" />
        </div>
      </div>
      <NetworksView role={principal.role} />
    </div>
  );
}
