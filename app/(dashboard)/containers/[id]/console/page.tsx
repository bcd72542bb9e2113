import type { Metadata } from "next";
import { NeedsRole } from "@/app/_components/needs-role";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { decodeParam } from "@/lib/http/parse";
import { ConsoleTerminal } from "./_components/console-terminal";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Console · ${decodeParam((await params).id)}` };
}

/** A shell in the container (`docker exec -it`): a mutation, so for operators. */
export default async function ContainerConsolePage({ params }: { params: Promise<{ id: string }> }) {
  const { principal, allowed } = await requirePagePrincipal("operator");
  if (!allowed) return <NeedsRole role="operator" principal={principal} what="A shell in a container" />;
  return <ConsoleTerminal reference={decodeParam((await params).id)} />;
}
