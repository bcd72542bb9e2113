import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getPagePrincipal } from "@/lib/auth/authenticate";
import { countUsers } from "@/lib/auth/queries";
import { AuthCard } from "../_components/auth-card";
import { safeNextPath } from "@/lib/auth/next-path";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Rendered per request: the CSP nonce only reaches Next's scripts on dynamic pages.
  await connection();
  const next = safeNextPath((await searchParams).next);
  // getPagePrincipal first: it creates the ADMIN_USERNAME admin on a fresh database, so the count
  // below sees it.
  if (await getPagePrincipal()) redirect(next);
  if ((await countUsers()) === 0) redirect("/setup");
  return (
    <AuthCard title="Sign in" subtitle="Use the account an admin gave you.">
      <LoginForm next={next} />
    </AuthCard>
  );
}
