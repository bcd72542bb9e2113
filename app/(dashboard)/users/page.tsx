import type { Metadata } from "next";
import { connection } from "next/server";
import { NeedsRole } from "@/app/_components/needs-role";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { listUsers } from "@/lib/auth/queries";
import { UsersView } from "./_components/users-view";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { principal, allowed } = await requirePagePrincipal("admin");
  await connection();
  if (!allowed) return <NeedsRole role="admin" principal={principal} what="Managing users" />;
  const users = await listUsers();
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-sm text-slate-500">
          Who can sign in, and what they may do: viewers read; operators also pull, push, tag, import and commit; admins also remove images
          and manage registries, users and tokens.
        </p>
      </div>
      <UsersView fallback={users} currentUserId={principal.kind === "user" ? principal.id : null} />
    </div>
  );
}
