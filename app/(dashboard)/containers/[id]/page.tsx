import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { decodeParam } from "@/lib/http/parse";
import { ContainerOverview } from "../_components/container-overview";

export default async function ContainerOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePrincipal("viewer");
  return <ContainerOverview reference={decodeParam((await params).id)} />;
}
