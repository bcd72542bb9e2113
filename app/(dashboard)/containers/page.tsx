import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CliCommand } from "@/app/_components/cli-command";
import { onPageEngine } from "@/app/_lib/page-engine";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { hasRole } from "@/lib/auth/roles";
import { dockerPsCommand } from "@/lib/cli/command";
import { listContainers } from "@/lib/containers/queries";
import { containerListQuerySchema } from "@/lib/containers/schemas";
import type { ContainerSummary } from "@/lib/containers/types";
import { isAppError } from "@/lib/errors";
import { parsePageQuery } from "@/lib/http/parse";
import { ContainersView } from "./_components/containers-view";

export const metadata: Metadata = { title: "Containers" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ContainersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  // The API lists every container; the page's filter and search use the containers query schema.
  const query = parsePageQuery(containerListQuerySchema, await searchParams);
  let containers: ContainerSummary[] | null = null;
  let error: string | null = null;
  try {
    containers = await onPageEngine(() => listContainers({ withSize: true }));
  } catch (caught) {
    // An unreachable engine is a state of the page, not a crash: the table retries on its own.
    if (!isAppError(caught) || caught.type !== "unavailable") throw caught;
    error = caught.message;
  }
  const canLaunch = hasRole(principal.role, "operator");
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Containers</h1>
          <p className="text-sm text-slate-500">
            Running and stopped containers, each an image&apos;s read-only layers plus a writable layer of its own.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <div className="w-52">
            <CliCommand command={dockerPsCommand({ sizes: true })} />
          </div>
          {canLaunch ? (
            <Link
              href="/containers/new"
              className="inline-flex items-center rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
            >
              Launch container
            </Link>
          ) : (
            <span
              title="needs operator"
              className="inline-flex cursor-not-allowed items-center rounded-md bg-sky-300 px-3 py-1.5 text-sm font-medium text-white"
            >
              Launch container
            </span>
          )}
        </div>
      </div>
      <ContainersView fallback={containers ? { containers } : null} initialError={error} initialQuery={query} role={principal.role} />
    </div>
  );
}
