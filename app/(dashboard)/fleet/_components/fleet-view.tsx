"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useState } from "react";
import { ListSearch, useUrlQuery } from "@/app/_components/list-toolbar";
import { Notice } from "@/app/_components/notice";
import { errorMessage } from "@/app/_lib/api-client";
import { useFleetImages } from "@/app/_lib/hooks/use-fleet";
import { hasRole, type Role } from "@/lib/auth/roles";
import { copySource, filterFleetImages, fleetCell, type FleetCell } from "@/lib/fleet/matrix";
import type { FleetEngine, FleetImage } from "@/lib/fleet/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, shortDigest } from "@/lib/format/image";
import { CopyImageDialog } from "./copy-image-dialog";

type FleetQuery = { q: string };

function imageLabel(image: FleetImage): string {
  return image.repoTags[0] ?? shortDigest(image.id);
}

/** Untagged images are named by ID: the row says so rather than repeating the ID under it. */
function imageTitle(image: FleetImage): string {
  return image.repoTags[0] ?? "<none>";
}

/** The image's page on an engine that holds it (`?engine=` when that is not the default engine). */
function imageHref(image: FleetImage, engines: readonly FleetEngine[]): string | null {
  const source = copySource(image, engines);
  if (!source) return null;
  const path = imagePath(source.reference);
  return source.engine === "default" ? path : `${path}?engine=${encodeURIComponent(source.engine)}`;
}

function cellDescription(image: FleetImage, engine: FleetEngine, cell: FleetCell): string {
  const name = imageLabel(image);
  switch (cell.state) {
    case "holds": {
      const { containers, running, size } = cell.holder;
      const use = containers === 0 ? "no container" : `${containers} container${containers === 1 ? "" : "s"}, ${running} running`;
      return `${name} on ${engine.name}: ${formatBytes(size)}, ${use}`;
    }
    case "stale":
      return `${name} is not on ${engine.name}; there ${cell.tags.map((entry) => `${entry.tag} is image ${shortDigest(entry.imageId)}`).join(", ")} (stale)`;
    case "missing":
      return `${name} is not on ${engine.name}`;
    case "down":
      return `${engine.name} is down: ${cell.error}`;
  }
}

/** The legend's swatches, drawn like the cells they explain. */
function Legend() {
  const item = "inline-flex items-center gap-1.5";
  return (
    <ul data-testid="fleet-legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      <li className={item}>
        <span className="size-3.5 rounded-sm bg-sky-500" aria-hidden /> holds the image
      </li>
      <li className={item}>
        <span className="relative size-3.5 rounded-sm bg-sky-500" aria-hidden>
          <span className="absolute -top-0.5 -right-0.5 size-2 rounded-full bg-emerald-400 ring-2 ring-white" />
        </span>
        a container runs it
      </li>
      <li className={item}>
        <span
          className="flex size-3.5 items-center justify-center rounded-sm border-2 border-amber-400 bg-amber-50 text-[9px] leading-none font-bold text-amber-700"
          aria-hidden
        >
          ≠
        </span>
        stale: the tag names another image there
      </li>
      <li className={item}>
        <span className="size-3.5 rounded-sm border border-dashed border-slate-300" aria-hidden /> missing
      </li>
      <li className={item}>
        <span className="size-3.5 rounded-sm bg-[repeating-linear-gradient(45deg,#e2e8f0_0_2px,#f8fafc_2px_4px)]" aria-hidden /> engine down
      </li>
    </ul>
  );
}

function MatrixCell({ image, engine, canCopy, onCopy }: { image: FleetImage; engine: FleetEngine; canCopy: boolean; onCopy: () => void }) {
  const cell = fleetCell(image, engine);
  const description = cellDescription(image, engine, cell);
  const base = "relative mx-auto flex h-9 w-full max-w-24 min-w-14 items-center justify-center rounded-md text-[11px]";
  const copyButton = canCopy ? (
    <button
      type="button"
      onClick={onCopy}
      aria-label={`Copy ${imageLabel(image)} to ${engine.name}`}
      className="rounded px-1 font-medium text-sky-700 opacity-70 group-hover:opacity-100 hover:underline focus-visible:opacity-100"
    >
      Copy here
    </button>
  ) : null;
  return (
    <div
      data-testid="fleet-cell"
      data-engine={engine.id}
      data-state={cell.state}
      data-running={cell.state === "holds" ? cell.holder.running : undefined}
      title={description}
      className={clsx(
        base,
        "group",
        cell.state === "holds" && "bg-sky-500 font-medium text-white tabular-nums",
        cell.state === "stale" && "border-2 border-amber-400 bg-amber-50 text-amber-800",
        cell.state === "missing" && "border border-dashed border-slate-300 text-slate-400",
        cell.state === "down" && "bg-[repeating-linear-gradient(45deg,#e2e8f0_0_4px,#f8fafc_4px_8px)] text-slate-500",
      )}
    >
      <span className="sr-only">{description}</span>
      {cell.state === "holds" ? (
        <>
          <span aria-hidden>{formatBytes(cell.holder.size)}</span>
          {cell.holder.running > 0 ? (
            <span
              data-testid="fleet-running-mark"
              aria-hidden
              className="absolute -top-1.5 -right-1.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-emerald-400 px-1 text-[10px] font-semibold text-emerald-950 ring-2 ring-white"
            >
              {cell.holder.running}
            </span>
          ) : cell.holder.containers > 0 ? (
            <span
              aria-hidden
              className="absolute -top-1.5 -right-1.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-white px-1 text-[10px] font-semibold text-slate-600 ring-1 ring-slate-300"
            >
              {cell.holder.containers}
            </span>
          ) : null}
        </>
      ) : cell.state === "stale" ? (
        <>
          <span aria-hidden className="absolute top-0 left-1 text-sm leading-tight font-bold">
            ≠
          </span>
          {copyButton ?? <span aria-hidden>stale</span>}
        </>
      ) : cell.state === "missing" ? (
        (copyButton ?? <span aria-hidden>—</span>)
      ) : (
        <span aria-hidden>?</span>
      )}
    </div>
  );
}

/**
 * The fleet matrix: one row per image (by ID), one column per engine; a filled cell where the
 * engine holds the image (its size there, a green mark with the running count, a white one with
 * stopped containers), an amber "≠" where the image's tag names another image there (stale), a
 * dashed one where it is missing (with "Copy here" for operators) and a hatched one where the
 * engine is down. Filtered by reference as one types (kept in the URL).
 */
export function FleetView({ role, initialQuery }: { role: Role; initialQuery: FleetQuery }) {
  const { data, error, isLoading } = useFleetImages();
  const [query, setQuery] = useUrlQuery(initialQuery, (next) => new URLSearchParams(next.q ? { q: next.q } : {}));
  const [copying, setCopying] = useState<{ imageId: string; to: string } | null>(null);
  const canCopy = hasRole(role, "operator");
  const engines = data?.engines ?? [];
  const images = data ? filterFleetImages(data.images, query.q) : [];
  const down = engines.filter((engine) => engine.state === "down");
  const gaps = data
    ? data.images.filter((image) => engines.some((engine) => ["missing", "stale"].includes(fleetCell(image, engine).state))).length
    : 0;
  const stale = data ? data.images.filter((image) => image.stale.length > 0).length : 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <ListSearch
          label="Filter images by reference"
          testId="fleet-search"
          placeholder="Filter by tag, digest or ID"
          value={query.q}
          onChange={(q) => setQuery({ q })}
        />
        <p data-testid="fleet-summary" className="text-sm text-slate-600">
          {data ? (
            <>
              {data.images.length} {data.images.length === 1 ? "image" : "images"} on {engines.length}{" "}
              {engines.length === 1 ? "engine" : "engines"}
              {down.length ? ` (${down.length} down)` : ""} · {gaps} missing somewhere · {stale} stale
            </>
          ) : null}
        </p>
      </div>
      <Legend />

      {error ? (
        <Notice tone="error" title="Cannot read the fleet" testId="fleet-error">
          {errorMessage(error)}
        </Notice>
      ) : null}
      {down.length ? (
        <Notice tone="warning" title={down.length === 1 ? "One engine is down" : `${down.length} engines are down`} testId="fleet-down">
          <ul className="space-y-0.5">
            {down.map((engine) => (
              <li key={engine.id} data-testid="fleet-down-engine">
                <span className="font-medium">{engine.name}</span>: {engine.error}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-label="Images across engines" data-testid="fleet-matrix" className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-2 font-medium">
                Image
              </th>
              {engines.map((engine) => (
                <th
                  key={engine.id}
                  scope="col"
                  data-testid="fleet-engine"
                  data-engine={engine.id}
                  className="w-32 px-2 py-2 text-center font-medium"
                >
                  <span className="inline-flex items-center gap-1.5">
                    <span
                      aria-hidden
                      className={clsx("size-2 shrink-0 rounded-full", engine.state === "up" ? "bg-emerald-500" : "bg-red-500")}
                    />
                    <span className="text-slate-800">{engine.name}</span>
                  </span>
                  <span className="mx-auto block max-w-32 truncate font-mono text-[10px] font-normal text-slate-400" title={engine.host}>
                    {engine.state === "up" ? `${engine.images ?? 0} images` : "down"}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {images.map((image) => {
              const href = imageHref(image, engines);
              return (
                <tr key={image.id} data-testid="fleet-row" data-image-id={image.id}>
                  <th scope="row" className="sticky left-0 z-10 max-w-[11rem] bg-white px-3 py-2 text-left font-normal sm:max-w-xs">
                    {href ? (
                      <Link href={href} className="font-mono text-[13px] font-medium break-all text-sky-700 hover:underline">
                        {imageTitle(image)}
                      </Link>
                    ) : (
                      <span className="font-mono text-[13px] font-medium break-all">{imageTitle(image)}</span>
                    )}
                    <span className="block font-mono text-[11px] text-slate-400">
                      {shortDigest(image.id)}
                      {image.repoTags.length > 1 ? ` · +${image.repoTags.length - 1} tag${image.repoTags.length > 2 ? "s" : ""}` : ""}
                    </span>
                  </th>
                  {engines.map((engine) => (
                    <td key={engine.id} className="px-2 py-2">
                      <MatrixCell
                        image={image}
                        engine={engine}
                        canCopy={canCopy && copySource(image, engines) !== null}
                        onCopy={() => setCopying({ imageId: image.id, to: engine.id })}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {isLoading ? <div className="px-4 py-12 text-center text-sm text-slate-400">Loading the fleet…</div> : null}
        {data && images.length === 0 ? (
          <div data-testid="fleet-empty" className="px-4 py-12 text-center text-sm text-slate-500">
            {data.images.length === 0 ? "No images on any engine yet." : `No image matches “${query.q}”.`}
          </div>
        ) : null}
      </div>

      {copying ? <CopyImageDialog imageId={copying.imageId} to={copying.to} onClose={() => setCopying(null)} /> : null}
    </div>
  );
}
