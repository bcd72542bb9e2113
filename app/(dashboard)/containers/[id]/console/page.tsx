import type { Metadata } from "next";
import { NeedsRole } from "@/app/_components/needs-role";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { decodeParam } from "@/lib/http/parse";
import { containerTitle } from "../container-title";
import { ConsolePanel } from "./_components/console-panel";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Console · ${await containerTitle(decodeParam((await params).id))}` };
}

/** A shell in the container (`docker exec -it`): a mutation, so for operators. */
export default async function ContainerConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { principal, allowed } = await requirePagePrincipal("operator");
  if (!allowed) return <NeedsRole role="operator" principal={principal} what="A shell in a container" />;
  return <ConsolePanel reference={decodeParam((await params).id)} />;
}
