import type { Metadata } from "next";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { decodeParam } from "@/lib/http/parse";
import { containerTitle } from "../container-title";
import { ContainerChanges } from "../../_components/container-changes";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Changes · ${await containerTitle(decodeParam((await params).id))}` };
}

export default async function ContainerChangesPage({ params }: { params: Promise<{ id: string }> }) {
  const { principal } = await requirePagePrincipal("viewer");
  return <ContainerChanges reference={decodeParam((await params).id)} role={principal.role} />;
}
