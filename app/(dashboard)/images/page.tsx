import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { listImages } from "@/lib/docker/images";
import type { ImageList } from "@/lib/docker/types";
import { isAppError } from "@/lib/errors";
import { IMAGE_FILTERS, IMAGE_SORTS, type ImageFilter, type ImageSort } from "@/lib/images/catalog";
import { CliCommand } from "@/app/_components/cli-command";
import { dockerImagesCommand } from "@/lib/cli/command";
import { ImageTransferToolbar } from "./_components/image-transfer-toolbar";
import { ImagesView, type ImagesQuery } from "./_components/images-view";

export const metadata: Metadata = { title: "Images" };

type SearchParams = Record<string, string | string[] | undefined>;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function readQuery(params: SearchParams): ImagesQuery {
  const sort = pick<ImageSort>(params.sort, IMAGE_SORTS, "created");
  return {
    filter: pick<ImageFilter>(params.filter, IMAGE_FILTERS, "all"),
    q: typeof params.q === "string" ? params.q.slice(0, 256) : "",
    sort,
    order: pick(params.order, ["asc", "desc"] as const, sort === "name" ? "asc" : "desc"),
  };
}

export default async function ImagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const query = readQuery(await searchParams);
  let list: ImageList | null = null;
  let error: string | null = null;
  try {
    list = await listImages();
  } catch (caught) {
    // An unreachable engine is a state of the page, not a crash: the table retries on its own.
    if (!isAppError(caught) || caught.status !== 503) throw caught;
    error = caught.message;
  }
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Images</h1>
          <p className="text-sm text-slate-500">Local images, their layers on disk and what removing them would free.</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <div className="w-64">
            <CliCommand command={dockerImagesCommand()} />
          </div>
          <ImageTransferToolbar role={principal.role} />
        </div>
      </div>
      <ImagesView fallback={list} initialError={error} initialQuery={query} role={principal.role} />
    </div>
  );
}
