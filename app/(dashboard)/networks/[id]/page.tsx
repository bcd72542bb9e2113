import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { NetworkDetailView } from "../_components/network-detail-view";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Network ${decodeURIComponent((await params).id)}` };
}

export default async function NetworkPage({ params }: { params: Params }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return <NetworkDetailView id={decodeURIComponent((await params).id)} role={principal.role} />;
}
