import type { Metadata } from "next";
import { connection } from "next/server";
import { NeedsRole } from "@/app/_components/needs-role";
import { listApiTokens } from "@/lib/auth/queries";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { TokensView } from "./_components/tokens-view";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const { principal, allowed } = await requirePagePrincipal("admin");
  await connection();
  if (!allowed) return <NeedsRole role="admin" principal={principal} what="Managing API tokens" />;
  const tokens = await listApiTokens();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-sm text-slate-500">
          For scripts and CI: a token calls the JSON API with its own role, and each call is in the audit log as{" "}
          <span className="font-mono">token:name</span>.
        </p>
      </div>
      <TokensView fallback={tokens} />
    </div>
  );
}
