import { notFound } from "next/navigation";
import { requirePagePrincipal } from "@/lib/auth/authenticate";

// app/not-found.tsx is outside this feature's files; this catch-all sends unknown paths to the
// (dashboard) not-found page instead, with a real 404 status. Specific routes (and /api) win over it.
// Signed-in users only: which paths exist is not for anonymous visitors.
export default async function UnknownPage(): Promise<never> {
  await requirePagePrincipal("viewer");
  notFound();
}
