import type { Metadata } from "next";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { decodeParam } from "@/lib/http/parse";
import { containerTitle } from "../container-title";
import { ContainerLogs } from "../../_components/container-logs";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Logs · ${await containerTitle(decodeParam((await params).id))}` };
}

export default async function ContainerLogsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePrincipal("viewer");
  return <ContainerLogs reference={decodeParam((await params).id)} />;
}
