import type { Metadata } from "next";
import { connection } from "next/server";
import { ListPageHeader } from "@/app/_components/list-page-header";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { CleanupPlanner } from "./_components/cleanup-planner";
import { DiskUsagePanel } from "./_components/disk-usage-panel";
import { ImageTreemap } from "./_components/image-treemap";
import { PoliciesPanel } from "./_components/policies-panel";

export const metadata: Metadata = { title: "Clean-up" };

/**
 * Clean-up: where the disk goes, what the rules or a hand-picked selection would remove, what that
 * truly frees (shared layers counted once), and the run. Everything comes from the API through SWR,
 * so the slow `docker system df` never holds the page back.
 */
export default async function CleanupPage() {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return (
    <div className="space-y-6">
      <ListPageHeader title="Clean-up" command="docker system df" commandWidth="w-56">
        See where the disk goes, pick what to remove by rules or by hand, and read exactly what would go and what it truly frees before
        anything is removed: a layer is freed only when no image or container that stays uses it.
      </ListPageHeader>
      <DiskUsagePanel />
      <ImageTreemap />
      <CleanupPlanner role={principal.role} />
      <PoliciesPanel role={principal.role} />
    </div>
  );
}
