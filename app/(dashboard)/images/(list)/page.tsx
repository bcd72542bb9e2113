import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { parsePageQuery } from "@/lib/http/parse";
import { imageListQuerySchema } from "@/lib/images/schemas";
import { CliCommand } from "@/app/_components/cli-command";
import { dockerImagesCommand } from "@/lib/cli/command";
import { ImageTransferToolbar } from "../_components/image-transfer-toolbar";
import { ImagesView, type ImagesQuery } from "../_components/images-view";

export const metadata: Metadata = { title: "Images" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's query, read with `GET /api/images`'s own schema; the view wants every field set. */
function readQuery(params: SearchParams): ImagesQuery {
  const query = parsePageQuery(imageListQuerySchema, params);
  const sort = query.sort ?? "created";
  return { filter: query.filter ?? "all", q: query.q ?? "", sort, order: query.order ?? (sort === "name" ? "asc" : "desc") };
}

export default async function ImagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const query = readQuery(await searchParams);
  // A light shell: the list comes from GET /api/images through SWR (and stays in SWR's cache
  // between visits). Rendering it here made every visit a full server render of the table: the
  // per-request CSP nonce rules out caching the page, and the HTML and its RSC payload grow
  // with every image (~2.5 KB each).
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
      <ImagesView initialQuery={query} role={principal.role} />
    </div>
  );
}
