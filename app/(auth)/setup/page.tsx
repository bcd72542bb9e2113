import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getPagePrincipal } from "@/lib/auth/authenticate";
import { countUsers } from "@/lib/auth/queries";
import { AuthCard } from "../_components/auth-card";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };

/** First start without ADMIN_USERNAME / ADMIN_PASSWORD: create the first admin. Only while no user exists. */
export default async function SetupPage() {
  await connection();
  // getPagePrincipal first: it creates the environment's admin, if any, before the count.
  await getPagePrincipal();
  if ((await countUsers()) > 0) redirect("/login");
  return (
    <AuthCard title="Create the first admin" subtitle="No account exists yet. The first one is an admin, who can then add everyone else.">
      <SetupForm />
    </AuthCard>
  );
}
