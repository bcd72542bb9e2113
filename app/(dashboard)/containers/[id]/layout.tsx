import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SWRConfig } from "swr";
import { Notice } from "@/app/_components/notice";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { inspectContainer } from "@/lib/docker/containers";
import type { ContainerDetail } from "@/lib/docker/types";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/route";
import { ContainerHeader } from "../_components/container-header";
import { containerKey } from "../_components/container-format";

type Params = { id: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: decodeParam((await params).id) };
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
    detail = await inspectContainer(validateContainerRef(reference), { withSize: true });
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    if (caught.status === 404 || caught.status === 400)
      return <ContainerNotFound reference={reference} reason={caught.status === 400 ? caught.message : null} />;
    // Engine down: render the shell; the header keeps retrying and fills in when it is back.
    if (caught.status !== 503) throw caught;
  }
  return (
    <SWRConfig value={{ fallback: detail ? { [containerKey(reference)]: detail } : {} }}>
      <div className="space-y-5">
        <ContainerHeader reference={reference} role={principal.role} />
        {children}
      </div>
    </SWRConfig>
  );
}

function ContainerNotFound({ reference, reason }: { reference: string; reason: string | null }) {
  return (
    <section data-testid="container-not-found" className="mx-auto max-w-xl space-y-4 py-10 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">
        No container <span className="font-mono break-all">{reference}</span> on this engine
      </h1>
      {reason ? (
        <Notice tone="warning" title="That is not a valid container ID or name">
          {reason}
        </Notice>
      ) : (
        <p className="text-sm text-slate-500">It may have been removed (or started with --rm and stopped), or the name is misspelled.</p>
      )}
      <Link href="/containers" className="inline-block rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
        Back to containers
      </Link>
    </section>
  );
}
