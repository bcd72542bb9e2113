"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useImages } from "@/app/_lib/hooks/use-images";
import { Badge } from "@/app/_components/badge";
import { RelativeTime } from "@/app/_components/relative-time";
import { BulkDialog, type BulkItem } from "@/app/_components/bulk-dialog";
import { ListTable } from "@/app/_components/list-table";
import { RoleButton } from "@/app/_components/role-button";
import { RowMenu } from "@/app/_components/row-menu";
import { FilterTabs, ListError, ListPlaceholder, ListSearch, ShownCount, useUrlQuery } from "@/app/_components/list-toolbar";
import { selectColumn, SelectionBar, SelectRow, useSelection } from "@/app/_components/selection";
import { api, isApiError } from "@/app/_lib/api-client";
import { useContainers } from "@/app/_lib/hooks/use-containers";
import { useRevalidate } from "@/app/_lib/hooks/use-revalidate";
import { dockerCommand, dockerRmiCommand, dockerTagCommand } from "@/lib/cli/command";
import type { Role } from "@/lib/auth/roles";
import type { ImageSummary } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, primaryReference, UNTAGGED } from "@/lib/format/image";
import { queryImages } from "@/lib/images/catalog";
import { describeImageUse } from "@/lib/images/removal";
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

/** The URL's search params for the controls, defaults left out. */
function imagesSearchParams(query: ImagesQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filter !== "all") params.set("filter", query.filter);
  if (query.q) params.set("q", query.q);
  if (query.sort !== "created") params.set("sort", query.sort);
  if (query.order !== DEFAULT_ORDER[query.sort]) params.set("order", query.order);
  return params;
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
  const [query, setQuery] = useUrlQuery(initialQuery, imagesSearchParams);
  const [dialog, setDialog] = useState<{ kind: "tag" | "remove"; image: ImageSummary } | null>(null);
  // Image IDs ticked for the compare page: at most two, a third replaces the oldest.
  const [picked, setPicked] = useState<string[]>([]);
  // Image IDs ticked for a bulk action (all shown ones with the header box).
  const selection = useSelection();
  const { selected, toggle: toggleSelected, clear: clearSelected } = selection;
  // The images the bulk dialog works on, fixed when it opens: the list changes under it as they go.
  const [bulkRemove, setBulkRemove] = useState<readonly ImageSummary[] | null>(null);
  const revalidate = useRevalidate();
  const togglePick = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id].slice(-2)));

  const sortBy = (sort: ImageSort) => {
    setQuery({ sort, order: query.sort === sort ? (query.order === "asc" ? "desc" : "asc") : DEFAULT_ORDER[sort] });
  };

  const rows = useMemo(() => (data ? queryImages(data.images, query) : []), [data, query]);
  // Ticked images the list still has (a removed one drops out of the selection).
  const selectedImages = useMemo(() => (data?.images ?? []).filter((image) => selected.has(image.id)), [data, selected]);
  const problem = error ? (error instanceof Error ? error.message : String(error)) : null;
  const engineDown = isApiError(error) && error.status === 503;

  return (
    <div className="space-y-5">
      {problem ? <ListError noun="images" problem={problem} engineDown={engineDown} stale={Boolean(data)} testId="images-error" /> : null}

      {data ? <ImagesTotals totals={data.totals} /> : null}

      {data || !problem ? (
        <section className="rounded-lg border border-slate-200 bg-white">
          <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
            <FilterTabs
              label="Filter images"
              testId="images-filter"
              options={FILTERS}
              value={query.filter}
              countOf={data ? (filter) => countFor(data.images, filter) : null}
              onChange={(filter) => setQuery({ filter })}
              onCard
            />
            <ListSearch
              label="Search images"
              testId="images-search"
              placeholder="Search tags, digests or IDs"
              value={query.q}
              onChange={(q) => setQuery({ q })}
            />
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
            <ShownCount shown={rows.length} total={data ? data.images.length : null} refreshing={isValidating} />
          </div>

          <CompareBar
            picked={picked.flatMap((id) => data?.images.filter((image) => image.id === id) ?? [])}
            onClear={() => setPicked([])}
          />
          {selectedImages.length ? (
            <SelectionBar
              count={selectedImages.length}
              noun="image"
              onClear={clearSelected}
              actions={
                <RoleButton
                  role={role}
                  needs="admin"
                  size="sm"
                  variant="danger"
                  onClick={() => setBulkRemove(selectedImages)}
                  data-testid="bulk-remove"
                >
                  Remove {selectedImages.length}…
                </RoleButton>
              }
            />
          ) : null}
          <div className={`transition-opacity ${error && data ? "opacity-60" : ""}`}>
            <ListTable
              framed={false}
              label="Images"
              testId="images-table"
              columns={[
                selectColumn({ ids: rows.map((image) => image.id), selection, label: "Select all images shown" }),
                {
                  key: "image",
                  label: <SortButton label="Image" sort="name" query={query} onSort={sortBy} />,
                  sort: ariaSort(query, "name"),
                },
                { label: "ID", hideBelow: "xl" },
                {
                  key: "created",
                  label: <SortButton label="Created" sort="created" query={query} onSort={sortBy} />,
                  sort: ariaSort(query, "created"),
                  hideBelow: "md",
                },
                {
                  key: "size",
                  label: <SortButton label="Size" sort="size" query={query} onSort={sortBy} />,
                  sort: ariaSort(query, "size"),
                  align: "right",
                },
                {
                  key: "unique",
                  label: <SortButton label="Unique / shared" sort="unique" query={query} onSort={sortBy} />,
                  sort: ariaSort(query, "unique"),
                  hideBelow: "lg",
                },
                { label: "Layers", align: "right", hideBelow: "lg" },
                { label: "Containers", align: "right", hideBelow: "md" },
              ]}
              below={
                <ListPlaceholder
                  noun="images"
                  testId="images-empty"
                  total={data ? data.images.length : null}
                  shown={rows.length}
                  filterWord={query.filter === "all" ? null : (FILTERS.find((f) => f.value === query.filter)?.label.toLowerCase() ?? null)}
                  q={query.q}
                  onClear={() => setQuery({ filter: "all", q: "" })}
                />
              }
            >
              {rows.map((image) => (
                <ImageRow
                  key={image.id}
                  image={image}
                  role={role}
                  picked={picked.includes(image.id)}
                  onPick={() => togglePick(image.id)}
                  selected={selected.has(image.id)}
                  onSelect={() => toggleSelected(image.id)}
                  onTag={() => setDialog({ kind: "tag", image })}
                  onRemove={() => setDialog({ kind: "remove", image })}
                />
              ))}
            </ListTable>
          </div>
        </section>
      ) : null}

      {dialog?.kind === "tag" ? <TagDialog source={primaryReference(dialog.image)} onClose={() => setDialog(null)} /> : null}
      {bulkRemove ? (
        <BulkRemoveImages
          images={bulkRemove}
          onClose={() => setBulkRemove(null)}
          onFinished={() => {
            clearSelected();
            revalidate("images", "containers");
          }}
        />
      ) : null}
      {dialog?.kind === "remove" ? (
        <RemoveDialog image={dialog.image} defaultReference={primaryReference(dialog.image)} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function ariaSort(query: ImagesQuery, sort: ImageSort): "ascending" | "descending" | "none" {
  return query.sort === sort ? (query.order === "asc" ? "ascending" : "descending") : "none";
}

function SortButton({
  label,
  sort,
  query,
  onSort,
}: {
  label: string;
  sort: ImageSort;
  query: ImagesQuery;
  onSort: (sort: ImageSort) => void;
}) {
  const active = query.sort === sort;
  return (
    <button
      type="button"
      onClick={() => onSort(sort)}
      className={`inline-flex items-center gap-1 font-medium hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
    >
      {label}
      <span aria-hidden className={`text-[10px] ${active ? "" : "invisible"}`}>
        {query.order === "asc" ? "▲" : "▼"}
      </span>
    </button>
  );
}

function ImageRow({
  image,
  role,
  picked,
  onPick,
  selected,
  onSelect,
  onTag,
  onRemove,
}: {
  image: ImageSummary;
  role: Role;
  picked: boolean;
  onPick: () => void;
  selected: boolean;
  onSelect: () => void;
  onTag: () => void;
  onRemove: () => void;
}) {
  const router = useRouter();
  const href = imagePath(image.id);
  const [first, ...rest] = image.repoTags;
  const name = first ?? image.shortId;
  return (
    <tr
      data-testid="image-row"
      data-image-id={image.id}
      data-selected={selected ? "true" : undefined}
      onClick={(event) => {
        // The whole row opens the detail page, except clicks meant for its links and buttons
        // (a disabled button's wrapper and the Actions popover included).
        if ((event.target as HTMLElement).closest("a,button,input,select,label,[data-role-gate],[popover]")) return;
        router.push(href);
      }}
      className={`cursor-pointer align-top hover:bg-sky-50/40 ${selected ? "bg-sky-50/60" : ""}`}
    >
      <SelectRow checked={selected} onChange={onSelect} label={`Select ${name}`} testId="select-image" />
      <td className="px-3 py-2.5">
        <div className="flex flex-wrap items-center gap-1.5">
          <input
            type="checkbox"
            checked={picked}
            onChange={onPick}
            data-testid="compare-pick"
            aria-label={`Compare ${name}`}
            title="Tick two images to compare their files"
            className="size-3.5 rounded border-slate-300 accent-violet-600"
          />
          <Link
            href={href}
            className={`font-mono text-[13px] font-semibold break-all hover:underline ${first ? "text-slate-900" : "text-slate-400"}`}
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
              <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] break-all text-slate-600">
                {tag}
              </span>
            ))}
          </div>
        ) : null}
        {/* Where the ID, Created and Containers columns gave way (phones), the row still says them. */}
        <p className="mt-1 text-xs text-slate-500 xl:hidden">
          <span className="font-mono">{image.shortId}</span>
          <span className="md:hidden">
            {" · "}
            <RelativeTime time={image.created} />
            {image.containers ? ` · ${image.containers} container${image.containers === 1 ? "" : "s"}` : ""}
          </span>
        </p>
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
        <RowMenu
          label={name}
          role={role}
          items={[
            {
              key: "tag",
              label: "Tag…",
              needs: "operator",
              command: dockerTagCommand({ source: primaryReference(image), target: "REPOSITORY:TAG" }),
              onSelect: onTag,
            },
            {
              key: "remove",
              label: "Remove…",
              needs: "admin",
              danger: true,
              command: dockerRmiCommand({ image: primaryReference(image) }),
              onSelect: onRemove,
            },
          ]}
        />
      </td>
    </tr>
  );
}

/**
 * Removes the ticked images one by one through the same call as a row's Remove (each audited):
 * every tag of an image is removed in turn, the last one deleting it. Images a container uses are
 * named up front and left out: the engine would refuse them without force, and forcing only
 * untags them while the container keeps the layers.
 */
function BulkRemoveImages({
  images,
  onClose,
  onFinished,
}: {
  images: readonly ImageSummary[];
  onClose: () => void;
  onFinished: () => void;
}) {
  const { data } = useContainers();
  const items: BulkItem[] = images.map((image) => {
    const use = describeImageUse({ image, containers: data?.containers ?? [] });
    return {
      key: image.id,
      label: image.repoTags.length ? image.repoTags.join(", ") : `${UNTAGGED} ${image.shortId}`,
      warning: use ? `in use ${use.who}: remove the container${use.count === 1 ? "" : "s"} first` : undefined,
      skip: use ? `in use ${use.who}` : undefined,
    };
  });
  const references = images
    .filter((image) => !items.find((item) => item.key === image.id)?.skip)
    .flatMap((image) => (image.repoTags.length ? image.repoTags : [image.shortId]));
  const run = async (id: string) => {
    const image = images.find((candidate) => candidate.id === id)!;
    let untagged = 0;
    let deleted = 0;
    for (const reference of image.repoTags.length ? image.repoTags : [image.id]) {
      const removed = await api.images.remove(reference);
      untagged += removed.untagged.length;
      deleted += removed.deleted.length;
    }
    return deleted ? `untagged ${untagged} · deleted the image and its unshared layers (${deleted} IDs)` : `untagged ${untagged}`;
  };
  return (
    <BulkDialog
      title="Remove images"
      verb="Remove"
      items={items}
      command={dockerCommand(["rmi", ...references])}
      run={run}
      onClose={onClose}
      onFinished={onFinished}
      explanation={
        <p>
          Each tag is removed in turn; removing an image&apos;s last tag deletes it and frees the layers no other image shares. Images a
          container uses are not removed.
        </p>
      }
    />
  );
}
