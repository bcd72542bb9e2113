import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { SWRConfig } from "swr";
import { apiKeys, engineFallback } from "@/app/_lib/api-client";
import { getPageEngine, onPageEngine } from "@/app/_lib/page-engine";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/parse";
import { inspectNetwork } from "@/lib/networks/queries";
import { networkParamsSchema } from "@/lib/networks/schemas";
import type { NetworkDetail } from "@/lib/networks/types";
import { NetworkDetailView } from "../_components/network-detail-view";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Network ${decodeParam((await params).id)}` };
}

/**
 * One network. It is read here first so that an unknown or invalid ID or name answers a real 404
 * (networks/not-found.tsx) rather than a 200 page saying so; the answer seeds the view's SWR key.
 */
export default async function NetworkPage({ params }: { params: Params }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const id = decodeParam((await params).id);
  if (!networkParamsSchema.safeParse({ id }).success) notFound();
  let network: NetworkDetail | null = null;
  try {
    network = await onPageEngine(() => inspectNetwork(id));
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    if (caught.type === "not_found" || caught.type === "bad_request") notFound();
    // Engine down: render the view, which says so and keeps retrying.
    if (caught.type !== "unavailable") throw caught;
  }
  return (
    <SWRConfig value={{ fallback: network ? engineFallback((await getPageEngine()).engine.id, apiKeys.network(id), network) : {} }}>
      <NetworkDetailView id={id} role={principal.role} />
    </SWRConfig>
  );
}
