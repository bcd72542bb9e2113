import { redirect } from "next/navigation";
import { requirePagePrincipal } from "@/lib/auth/authenticate";

export default async function Home() {
  await requirePagePrincipal("viewer");
  redirect("/images");
}
