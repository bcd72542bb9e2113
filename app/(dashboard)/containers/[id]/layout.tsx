import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { SWRConfig } from "swr";
import { engineFallback } from "@/app/_lib/api-client";
import { getPageEngine, onPageEngine } from "@/app/_lib/page-engine";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { inspectContainer } from "@/lib/containers/queries";
import type { ContainerDetail } from "@/lib/containers/types";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/parse";
import { ContainerHeader } from "../_components/container-header";
import { containerKey } from "../_components/container-format";
import { containerTitle } from "./container-title";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: await containerTitle(decodeParam((await params).id)) };
}

/**
 * Header (state, lifecycle, commit, export) and tabs of one container. The inspect data read here
 * seeds the SWR key the header and every tab poll, so the first render needs no request.
 */
export default async function ContainerLayout({ children, params }: { children: React.ReactNode; params: Promise<Params> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const reference = decodeParam((await params).id);
  let detail: ContainerDetail | null = null;
  try {
    detail = await onPageEngine(() => inspectContainer(validateContainerRef(reference), { withSize: true }));
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    // Unknown or invalid: containers/not-found.tsx with a real 404 (a segment's own not-found does
    // not catch its layout's). No loading boundary is above this layout, so nothing has streamed yet.
    if (caught.type === "not_found" || caught.type === "bad_request") notFound();
    // Engine down: render the shell; the header keeps retrying and fills in when it is back.
    if (caught.type !== "unavailable") throw caught;
  }
  return (
    <SWRConfig value={{ fallback: detail ? engineFallback((await getPageEngine()).engine.id, containerKey(reference), detail) : {} }}>
      <div className="space-y-5">
        <ContainerHeader reference={reference} role={principal.role} />
        {children}
      </div>
    </SWRConfig>
  );
}
