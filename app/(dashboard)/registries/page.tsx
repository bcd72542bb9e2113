import type { Metadata } from "next";
import { connection } from "next/server";
import { NeedsRole } from "@/app/_components/needs-role";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { listRegistries } from "@/lib/registries/queries";
import { RegistriesView } from "./_components/registries-view";

export const metadata: Metadata = { title: "Registries" };

export default async function RegistriesPage() {
  const { principal, allowed } = await requirePagePrincipal("operator");
  await connection();
  if (!allowed) return <NeedsRole role="operator" principal={principal} what="Using saved registries" />;
  const registries = await listRegistries();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Registries</h1>
        <p className="max-w-3xl text-sm text-slate-500">
          Saved credentials, used for every pull and push of a reference that names the registry (e.g.{" "}
          <code className="font-mono">127.0.0.1:5000/team/app:1</code>
          ). Passwords are sealed at rest and never shown again, not even to admins.
        </p>
      </div>
      <RegistriesView fallback={registries} role={principal.role} />
    </div>
  );
}
