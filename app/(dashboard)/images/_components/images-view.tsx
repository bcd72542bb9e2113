"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { isApiError } from "@/app/_lib/api-client";
import { useImages } from "@/app/_lib/hooks/use-images";
import { Badge } from "@/app/_components/badge";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import type { Role } from "@/lib/auth/roles";
import type { ImageSummary } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, primaryReference, UNTAGGED } from "@/lib/format/image";
import { queryImages } from "@/lib/images/catalog";
import type { ImageFilter, ImageSort } from "@/lib/images/types";
import { CompareBar } from "./compare-bar";
import { ImagesTotals } from "./images-totals";
import { RemoveDialog } from "./remove-dialog";
import { SizeBar } from "./size-bar";
import { TagDialog } from "./tag-dialog";

export type ImagesQuery = { filter: ImageFilter; q: string; sort: ImageSort; order: "asc" | "desc" };

const FILTERS: { value: ImageFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "in-use", label: "In use" },
  { value: "unused", label: "Unused" },
  { value: "dangling", label: "Dangling" },
];

const DEFAULT_ORDER: Record<ImageSort, "asc" | "desc"> = { created: "desc", size: "desc", name: "asc", unique: "desc" };

function countFor(images: readonly ImageSummary[], filter: ImageFilter): number {
  return queryImages(images, { filter }).length;
}

/** Keeps the URL in step with the controls so a filtered view can be bookmarked or shared. */
function writeUrl(query: ImagesQuery): void {
  const params = new URLSearchParams();
  if (query.filter !== "all") params.set("filter", query.filter);
  if (query.q) params.set("q", query.q);
  if (query.sort !== "created") params.set("sort", query.sort);
  if (query.order !== DEFAULT_ORDER[query.sort]) params.set("order", query.order);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

/**
 * The images table. The whole list is one SWR key, fetched by the browser (the page is a light
 * shell), and filter, search and sort run here with the server's own queryImages, so typing never
 * waits on the engine and results match `GET /api/images?...` exactly.
 */
export function ImagesView({
  initialQuery,
  role,
}: {
  initialQuery: ImagesQuery;
  /** The signed-in user's role: actions it cannot use are shown disabled. */
  role: Role;
}) {
  const { data, error, isValidating } = useImages();
  const [query, setQueryState] = useState<ImagesQuery>(initialQuery);
  const [dialog, setDialog] = useState<{ kind: "tag" | "remove"; image: ImageSummary } | null>(null);
  // Image IDs ticked for the compare page: at most two, a third replaces the oldest.
  const [picked, setPicked] = useState<string[]>([]);
  const togglePick = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id].slice(-2)));

  const setQuery = (patch: Partial<ImagesQuery>) => {
    setQueryState((current) => {
      const next = { ...current, ...patch };
      writeUrl(next);
      return next;
    });
  };
  const sortBy = (sort: ImageSort) => {
    setQuery({ sort, order: query.sort === sort ? (query.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[sort] });
  };

  const rows = useMemo(() => (data ? queryImages(data.images, query) : []), [data, query]);
  const problem = error ? (error instanceof Error ? error.message : String(error)) : null;
  const engineDown = isApiError(error) && error.status === 503;

  return (
    <div className="space-y-5">
      {problem ? (
        <Notice
          tone="error"
          title={engineDown ? "Cannot list images: the Docker engine is not reachable" : "Cannot list images"}
          testId="images-error"
        >
          <p>{problem}</p>
          <p className="mt-1 text-xs">
            {data ? "Showing the last list received. " : null}This page retries on its own and updates as soon as the engine answers.
          </p>
        </Notice>
      ) : null}

      {data ? <ImagesTotals totals={data.totals} /> : null}

      {data || !problem ? (
        <section className="rounded-lg border border-slate-200 bg-white">
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
            <div data-testid="images-filter" role="group" aria-label="Filter images" className="inline-flex rounded-md bg-slate-100 p-0.5">
              {FILTERS.map(({ value, label }) => {
                const active = query.filter === value;
                const count = data ? countFor(data.images, value) : null;
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={active}
                    aria-label={count === null ? label : `${label} (${count})`}
                    onClick={() => setQuery({ filter: value })}
                    className={`rounded px-3 py-1 text-sm font-medium transition-colors ${
                      active ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
                    }`}
                  >
                    {label}
                    {count === null ? null : <span className="ml-1.5 text-xs text-slate-400 tabular-nums">{count}</span>}
                  </button>
                );
              })}
            </div>
            <div className="relative min-w-60 flex-1 sm:max-w-sm">
              <svg
                viewBox="0 0 20 20"
                className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
                aria-hidden
              >
                <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
                <path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
              <input
                type="search"
                data-testid="images-search"
                aria-label="Search images"
                placeholder="Search tags, digests or IDs"
                value={query.q}
                onChange={(event) => setQuery({ q: event.target.value })}
                className="block w-full rounded-md border border-slate-300 py-1.5 pr-2.5 pl-8 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
              />
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-600">
              Sort
              <select
                data-testid="images-sort"
                value={`${query.sort}:${query.order}`}
                onChange={(event) => {
                  const [sort, order] = event.target.value.split(":") as [ImageSort, "asc" | "desc"];
                  setQuery({ sort, order });
                }}
                className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
              >
                <option value="created:desc">Newest first</option>
                <option value="created:asc">Oldest first</option>
                <option value="size:desc">Largest first</option>
                <option value="size:asc">Smallest first</option>
                <option value="unique:desc">Most unique bytes</option>
                <option value="name:asc">Name A–Z</option>
                <option value="name:desc">Name Z–A</option>
              </select>
            </label>
            <span className="ml-auto text-xs text-slate-400" aria-live="polite">
              {data ? `${rows.length} of ${data.images.length} shown${isValidating ? " · refreshing" : ""}` : null}
            </span>
          </div>

          <CompareBar
            picked={picked.flatMap((id) => data?.images.filter((image) => image.id === id) ?? [])}
            onClear={() => setPicked([])}
          />
          <div className={`overflow-x-auto transition-opacity ${error && data ? "opacity-60" : ""}`}>
            <table className="w-full text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-500">
                <tr>
                  <SortHeader label="Image" sort="name" query={query} onSort={sortBy} className="pl-4" />
                  <th scope="col" className="px-3 py-2 font-medium">
                    ID
                  </th>
                  <SortHeader label="Created" sort="created" query={query} onSort={sortBy} />
                  <SortHeader label="Size" sort="size" query={query} onSort={sortBy} align="right" />
                  <SortHeader label="Unique / shared" sort="unique" query={query} onSort={sortBy} />
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Layers
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">
                    Containers
                  </th>
                  <th scope="col" className="px-3 py-2 pr-4 text-right font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((image) => (
                  <ImageRow
                    key={image.id}
                    image={image}
                    role={role}
                    picked={picked.includes(image.id)}
                    onPick={() => togglePick(image.id)}
                    onTag={() => setDialog({ kind: "tag", image })}
                    onRemove={() => setDialog({ kind: "remove", image })}
                  />
                ))}
              </tbody>
            </table>
            {data && rows.length === 0 ? (
              <div data-testid="images-empty" className="px-4 py-12 text-center text-sm text-slate-500">
                {data.images.length === 0 ? (
                  "No images on this engine yet."
                ) : (
                  <>
                    <p>
                      No {query.filter === "all" ? "" : `${FILTERS.find((f) => f.value === query.filter)?.label.toLowerCase()} `}images
                      {query.q ? ` match “${query.q}”` : ""}.
                    </p>
                    <button type="button" className="mt-2 text-sky-700 hover:underline" onClick={() => setQuery({ filter: "all", q: "" })}>
                      Clear filters
                    </button>
                  </>
                )}
              </div>
            ) : null}
            {!data ? <div className="px-4 py-12 text-center text-sm text-slate-400">Loading images…</div> : null}
          </div>
        </section>
      ) : null}

      {dialog?.kind === "tag" ? <TagDialog source={primaryReference(dialog.image)} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "remove" ? (
        <RemoveDialog image={dialog.image} defaultReference={primaryReference(dialog.image)} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function SortHeader({
  label,
  sort,
  query,
  onSort,
  align = "left",
  className = "",
}: {
  label: string;
  sort: ImageSort;
  query: ImagesQuery;
  onSort: (sort: ImageSort) => void;
  align?: "left" | "right";
  className?: string;
}) {
  const active = query.sort === sort;
  return (
    <th
      scope="col"
      aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : "none"}
      className={`px-3 py-2 font-medium ${align === "right" ? "text-right" : ""} ${className}`}
    >
      <button
        type="button"
        onClick={() => onSort(sort)}
        className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
      >
        {label}
        <span aria-hidden className={`text-[10px] ${active ? "" : "invisible"}`}>
          {query.order === "asc" ? "▲" : "▼"}
        </span>
      </button>
    </th>
  );
}

function ImageRow({
  image,
  role,
  picked,
  onPick,
  onTag,
  onRemove,
}: {
  image: ImageSummary;
  role: Role;
  picked: boolean;
  onPick: () => void;
  onTag: () => void;
  onRemove: () => void;
}) {
  const router = useRouter();
  const href = imagePath(image.id);
  const [first, ...rest] = image.repoTags;
  return (
    <tr
      data-testid="image-row"
      data-image-id={image.id}
      onClick={(event) => {
        // The whole row opens the detail page, except clicks meant for its links and buttons
        // (a disabled button's wrapper included: a click there is a missed click on the button).
        if ((event.target as HTMLElement).closest("a,button,input,select,[data-role-gate]")) return;
        router.push(href);
      }}
      className="cursor-pointer align-top hover:bg-sky-50/40"
    >
      <td className="py-2.5 pr-3 pl-4">
        <div className="flex flex-wrap items-center gap-1.5">
          <input
            type="checkbox"
            checked={picked}
            onChange={onPick}
            data-testid="compare-pick"
            aria-label={`Compare ${first ?? image.shortId}`}
            title="Tick two images to compare their files"
            className="size-3.5 rounded border-slate-300 accent-sky-600"
          />
          <Link
            href={href}
            className={`font-mono text-[13px] font-semibold hover:underline ${first ? "text-slate-900" : "text-slate-400"}`}
          >
            {first ?? UNTAGGED}
          </Link>
          {image.dangling ? (
            <Badge tone="amber" testId="badge-dangling" title="No tag points to this image">
              dangling
            </Badge>
          ) : null}
          {image.containers > 0 ? (
            <Badge tone="green" testId="badge-in-use" title="At least one container (running or stopped) was created from it">
              in use
            </Badge>
          ) : null}
        </div>
        {rest.length ? (
          <div className="mt-1 flex flex-wrap gap-1">
            {rest.map((tag) => (
              <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">
                {tag}
              </span>
            ))}
          </div>
        ) : null}
      </td>
      <td className="px-3 py-2.5 font-mono text-xs text-slate-500">{image.shortId}</td>
      <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">
        <RelativeTime time={image.created} />
      </td>
      <td className="px-3 py-2.5 text-right font-medium whitespace-nowrap tabular-nums">{formatBytes(image.size)}</td>
      <td className="px-3 py-2.5">
        <SizeBar shared={image.sharedSize} unique={image.uniqueSize} />
      </td>
      <td className="px-3 py-2.5 text-right tabular-nums">{image.layerCount}</td>
      <td className={`px-3 py-2.5 text-right tabular-nums ${image.containers ? "font-semibold text-emerald-700" : "text-slate-400"}`}>
        {image.containers}
      </td>
      <td className="py-2 pr-4 pl-3 text-right whitespace-nowrap">
        <RoleButton role={role} needs="operator" size="sm" variant="ghost" onClick={onTag} aria-label={`Tag ${first ?? image.shortId}`}>
          Tag
        </RoleButton>
        <RoleButton
          role={role}
          needs="admin"
          size="sm"
          variant="ghost-danger"
          onClick={onRemove}
          aria-label={`Remove ${first ?? image.shortId}`}
        >
          Remove
        </RoleButton>
      </td>
    </tr>
  );
}
