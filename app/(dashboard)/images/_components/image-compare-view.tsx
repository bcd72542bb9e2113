"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { clsx } from "clsx";
import Link from "next/link";
import { useId, useMemo, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { errorMessage } from "@/app/_lib/api-client";
import { useImageComparison } from "@/app/_lib/hooks/use-image-comparison";
import { useImage, useImages } from "@/app/_lib/hooks/use-images";
import { renderCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, primaryReference } from "@/lib/format/image";
import type { ImageSummary, LayerView } from "@/lib/images/types";
import type { CompareEntry, CompareSide, ImageComparison } from "@/lib/layers/types";

type Kind = "added" | "removed" | "changed";
type Row = CompareEntry & { kind: Kind; delta: number };

const KINDS: { kind: Kind; label: string; tone: "green" | "red" | "amber"; bar: string; text: string }[] = [
  { kind: "added", label: "Added", tone: "green", bar: "bg-emerald-500", text: "text-emerald-700" },
  { kind: "removed", label: "Removed", tone: "red", bar: "bg-red-500", text: "text-red-700" },
  { kind: "changed", label: "Changed", tone: "amber", bar: "bg-amber-500", text: "text-amber-700" },
];

const ROW_HEIGHT = 34;

function signedBytes(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : bytes < 0 ? `−${formatBytes(-bytes)}` : "±0 B";
}

function rowsOf(comparison: ImageComparison): Row[] {
  const rows: Row[] = [];
  for (const { kind } of KINDS) {
    for (const entry of comparison[kind]) rows.push({ ...entry, kind, delta: (entry.sizeB ?? 0) - (entry.sizeA ?? 0) });
  }
  return rows;
}

/** Which two things are compared: two images, each at a layer (null: the whole image, i.e. its top layer). */
export type CompareSelection = { a: string; aLayer: number | null; b: string; bLayer: number | null };

/**
 * The compare page's address for a selection: `/images/compare?a=REF&aLayer=2&b=REF&bLayer=3`.
 *
 * @example comparePagePath({ a: "seed/fat:1", aLayer: 1, b: "seed/fat:1", bLayer: 2 }) // "/images/compare?a=seed%2Ffat%3A1&aLayer=1&b=…"
 */
export function comparePagePath(selection: CompareSelection): string {
  const params = new URLSearchParams();
  if (selection.a) params.set("a", selection.a);
  if (selection.aLayer !== null) params.set("aLayer", String(selection.aLayer));
  if (selection.b) params.set("b", selection.b);
  if (selection.bLayer !== null) params.set("bLayer", String(selection.bLayer));
  const search = params.toString();
  return search ? `/images/compare?${search}` : "/images/compare";
}

/** Keeps the address in step with the selection, so a comparison can be bookmarked or shared. */
function writeUrl(selection: CompareSelection): void {
  window.history.replaceState(null, "", comparePagePath(selection));
}

function LayerPicker({
  id,
  label,
  value,
  layers,
  onChange,
}: {
  id: string;
  label: string;
  value: number | null;
  layers: readonly LayerView[] | undefined;
  onChange: (value: number | null) => void;
}) {
  const top = layers ? layers.length - 1 : null;
  return (
    <div className="min-w-0 flex-1">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select
        id={id}
        value={value === null ? "" : String(value)}
        disabled={!layers}
        onChange={(event) => onChange(event.target.value === "" ? null : Number(event.target.value))}
        className={inputClass(false, "text-[13px]")}
      >
        <option value="">Whole image{top !== null ? ` (top layer, ${top})` : ""}</option>
        {value !== null && layers && value >= layers.length ? <option value={String(value)}>Layer {value}</option> : null}
        {(layers ?? []).map((layer) => (
          <option key={layer.index} value={String(layer.index)}>
            Layer {layer.index}
            {layer.index === top ? " (top)" : ""} · {layer.instruction ? shortInstruction(layer.instruction) : "step unknown"} ·{" "}
            {formatBytes(layer.size)}
          </option>
        ))}
      </select>
    </div>
  );
}

function shortInstruction(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}

/** "layer 2 of seed/fat:1 (`RUN dd …`)" or "seed/fat:1 (whole image)", for the heading of a comparison. */
function SideLabel({ side, reference, which }: { side: CompareSide; reference: string; which: "a" | "b" }) {
  const layer = side.layers[side.layer];
  return (
    <span data-testid={`compare-side-${which}`} data-layer={side.layer} data-top={side.top} className="min-w-0">
      <span className="font-medium text-slate-700">{which === "a" ? "Before" : "After"}:</span>{" "}
      <Link href={imagePath(reference)} className="font-mono break-all hover:underline">
        {reference}
      </Link>{" "}
      {side.top ? (
        <span>whole image ({side.layers.length} layers)</span>
      ) : (
        <span>
          at layer {side.layer} of {side.layers.length}
          {layer?.instruction ? (
            <>
              {" "}
              (<span className="font-mono break-all">{shortInstruction(layer.instruction)}</span>)
            </>
          ) : null}
        </span>
      )}
    </span>
  );
}

/** One side of the comparison: an image, and the layer of it to compare at (its top by default). */
function SidePicker({
  id,
  which,
  imageLabel,
  image,
  layer,
  images,
  layers,
  onImage,
  onLayer,
}: {
  id: string;
  which: "before" | "after";
  imageLabel: string;
  image: string;
  layer: number | null;
  images: readonly ImageSummary[] | undefined;
  /** The chosen image's layers; undefined while none is chosen or it loads. */
  layers: readonly LayerView[] | undefined;
  onImage: (value: string) => void;
  onLayer: (value: number | null) => void;
}) {
  return (
    <div className="min-w-0 space-y-2">
      <ImagePicker id={id} label={`${imageLabel} (${which})`} value={image} images={images} onChange={onImage} />
      <LayerPicker id={`${id}-layer`} label={`At layer (${which})`} value={layer} layers={layers} onChange={onLayer} />
    </div>
  );
}

function ImagePicker({
  id,
  label,
  value,
  images,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  images: readonly ImageSummary[] | undefined;
  onChange: (value: string) => void;
}) {
  const options = (images ?? []).map((image) => ({ value: primaryReference(image), image }));
  const known = options.some((option) => option.value === value);
  return (
    <div className="min-w-0 flex-1">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={inputClass(false, "font-mono text-[13px]")}
      >
        <option value="">Choose an image…</option>
        {value && !known ? <option value={value}>{value}</option> : null}
        {options.map(({ value: option, image }) => (
          <option key={image.id} value={option}>
            {option} · {formatBytes(image.size)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Summary({ comparison }: { comparison: ImageComparison }) {
  const totals = KINDS.map(({ kind, ...rest }) => {
    const entries = comparison[kind];
    const bytes = entries.reduce(
      (sum, entry) =>
        sum +
        (kind === "added"
          ? (entry.sizeB ?? 0)
          : kind === "removed"
            ? (entry.sizeA ?? 0)
            : Math.abs((entry.sizeB ?? 0) - (entry.sizeA ?? 0))),
      0,
    );
    return { kind, ...rest, count: entries.length, bytes };
  });
  const largest = Math.max(1, ...totals.map((total) => total.bytes));
  const net = rowsOf(comparison).reduce((sum, row) => sum + row.delta, 0);
  return (
    <div data-testid="compare-summary" className="grid grid-cols-3 gap-2 sm:gap-3">
      {totals.map((total) => (
        <div
          key={total.kind}
          data-testid={`compare-${total.kind}-total`}
          className="min-w-0 rounded-lg border border-slate-200 bg-white p-3"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-x-2">
            <span className={clsx("text-sm font-semibold", total.text)}>{total.label}</span>
            <span className="text-xs text-slate-500 tabular-nums">
              {total.count.toLocaleString("en")} file{total.count === 1 ? "" : "s"}
            </span>
          </div>
          <p className="mt-1 text-base font-semibold tabular-nums sm:text-xl">
            {total.kind === "added" ? "+" : total.kind === "removed" ? "−" : "±"}
            {formatBytes(total.bytes)}
          </p>
          <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
            <div className={clsx("h-full rounded-full", total.bar)} style={{ width: `${(total.bytes / largest) * 100}%` }} />
          </div>
        </div>
      ))}
      <p className="col-span-3 text-xs text-slate-500">
        Net: <span className="font-semibold tabular-nums">{signedBytes(net)}</span> of file content from the first image to the second.
        Changed means other content (by hash), type or link target; sizes are content bytes.
      </p>
    </div>
  );
}

function ChangeRows({ rows }: { rows: Row[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual keeps its own state outside React; the rows it returns are read on each render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  if (rows.length === 0) {
    return (
      <p data-testid="compare-empty" className="px-4 py-8 text-center text-sm text-slate-500">
        No files here.
      </p>
    );
  }
  return (
    <div>
      <div className="hidden grid-cols-[5.5rem_minmax(0,1fr)_6rem_6rem_6.5rem] gap-2 border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-xs font-medium text-slate-500 sm:grid">
        <span>Change</span>
        <span>Path</span>
        <span className="text-right">Size in first</span>
        <span className="text-right">Size in second</span>
        <span className="text-right">Difference</span>
      </div>
      <div
        ref={scrollRef}
        role="list"
        aria-label="Changed files"
        data-testid="compare-rows"
        className="relative max-h-[32rem] overflow-auto"
      >
        <div style={{ height: virtualizer.getTotalSize() }} className="relative w-full">
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const kind = KINDS.find((candidate) => candidate.kind === row.kind)!;
            return (
              <div
                key={`${row.kind}:${row.path}`}
                role="listitem"
                data-testid="compare-row"
                data-kind={row.kind}
                data-path={row.path}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                className="absolute inset-x-0 top-0 grid grid-cols-[4.5rem_minmax(0,1fr)_5.5rem] items-center gap-2 border-b border-slate-100 px-4 text-[13px] sm:grid-cols-[5.5rem_minmax(0,1fr)_6rem_6rem_6.5rem]"
              >
                <span>
                  <Badge tone={kind.tone}>{row.kind}</Badge>
                </span>
                <span className="truncate font-mono" title={`${row.path} (${row.type})`}>
                  {row.path}
                  {row.type !== "file" ? <span className="ml-1.5 font-sans text-[11px] text-slate-400">{row.type}</span> : null}
                </span>
                <span className="hidden text-right text-xs text-slate-600 tabular-nums sm:block">
                  {row.sizeA === null ? "—" : formatBytes(row.sizeA)}
                </span>
                <span className="hidden text-right text-xs text-slate-600 tabular-nums sm:block">
                  {row.sizeB === null ? "—" : formatBytes(row.sizeB)}
                </span>
                <span
                  className={clsx(
                    "text-right text-xs font-semibold tabular-nums",
                    row.delta > 0 ? "text-emerald-700" : row.delta < 0 ? "text-red-700" : "text-slate-500",
                  )}
                >
                  {signedBytes(row.delta)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * Two images, or two layers, side by side: pick them (or arrive with `?a=&b=` from the images list,
 * or with `&aLayer=&bLayer=` from the layer explorer), then the files added, removed and changed
 * from the first to the second, with sizes, filterable by path. A side at a layer is what a
 * container sees with the layers up to it; layer i-1 against layer i is what step i changed.
 */
export function ImageCompareView({ initial }: { initial: CompareSelection }) {
  const id = useId();
  const { data: list } = useImages();
  const [selection, setSelection] = useState<CompareSelection>(initial);
  const { a, b, aLayer, bLayer } = selection;
  const [kind, setKind] = useState<Kind | "all">("all");
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<"size" | "path">("size");
  // The layers to choose from come with each image's detail (also what the history table shows).
  const { data: detailA } = useImage(a || null, { refreshInterval: 0 });
  const { data: detailB } = useImage(b || null, { refreshInterval: 0 });
  const topOf = (detail: typeof detailA) => (detail ? detail.layers.length - 1 : null);
  const same = a !== "" && a === b && (aLayer ?? topOf(detailA)) === (bLayer ?? topOf(detailB));
  const { data, error, isLoading } = useImageComparison(a && b && !same ? { a, aLayer, b, bLayer } : null);
  const current =
    data &&
    !isLoading &&
    (aLayer === null ? data.a.top : data.a.layer === aLayer) &&
    (bLayer === null ? data.b.top : data.b.layer === bLayer)
      ? data
      : null;

  const update = (next: Partial<CompareSelection>) => {
    const merged = { ...selection, ...next };
    setSelection(merged);
    writeUrl(merged);
  };

  const rows = useMemo(() => {
    if (!current) return [];
    const needle = query.trim().toLowerCase();
    return rowsOf(current)
      .filter((row) => (kind === "all" || row.kind === kind) && (!needle || row.path.toLowerCase().includes(needle)))
      .sort((x, y) =>
        sort === "size" ? Math.abs(y.delta) - Math.abs(x.delta) || x.path.localeCompare(y.path) : x.path.localeCompare(y.path),
      );
  }, [current, kind, query, sort]);

  // `/images/compare` is this page; an image named `compare` lives at /images/compare%3Alatest.
  const namedCompare = list?.images.find((image) => image.repoTags.some((tag) => /^compare(?::|$)/.test(tag)));

  return (
    <div className="space-y-4">
      <section aria-label="Images to compare" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)] sm:items-end">
          <SidePicker
            id={`${id}-a`}
            which="before"
            imageLabel="First image"
            image={a}
            layer={aLayer}
            images={list?.images}
            layers={a ? detailA?.layers : undefined}
            onImage={(value) => update({ a: value, aLayer: null })}
            onLayer={(value) => update({ aLayer: value })}
          />
          <button
            type="button"
            onClick={() => update({ a: b, aLayer: bLayer, b: a, bLayer: aLayer })}
            disabled={!a && !b}
            aria-label="Swap the two sides"
            title="Swap"
            className="self-center justify-self-center rounded-md px-2 py-1.5 text-slate-500 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:text-slate-300"
          >
            ⇄
          </button>
          <SidePicker
            id={`${id}-b`}
            which="after"
            imageLabel="Second image"
            image={b}
            layer={bLayer}
            images={list?.images}
            layers={b ? detailB?.layers : undefined}
            onImage={(value) => update({ b: value, bLayer: null })}
            onLayer={(value) => update({ bLayer: value })}
          />
        </div>
        {current ? (
          <div data-testid="compare-sides" className="flex flex-col gap-1 text-xs text-slate-500">
            <SideLabel side={current.a} reference={a} which="a" />
            <SideLabel side={current.b} reference={b} which="b" />
          </div>
        ) : null}
        {a && b && !same ? (
          <CliCommand
            wrap
            command={`diff <(${renderCommand(["docker", "run", "--rm", "--entrypoint", "find", a, "/", "-xdev"])} | sort) <(${renderCommand(
              ["docker", "run", "--rm", "--entrypoint", "find", b, "/", "-xdev"],
            )} | sort)`}
            testId="cli-compare"
          />
        ) : null}
        {aLayer !== null || bLayer !== null ? (
          <p className="text-xs text-slate-500">
            The docker CLI cannot run a container at an inner layer; the line above compares the whole images. A side at a layer is what a
            container would see with that layer and the ones below it.
          </p>
        ) : null}
        {namedCompare ? (
          <p data-testid="compare-named-image" className="text-xs text-slate-500">
            Looking for the image named <span className="font-mono">{namedCompare.repoTags.find((tag) => tag.startsWith("compare"))}</span>?
            Its page is{" "}
            <Link href={imagePath(namedCompare.id)} className="font-mono text-sky-700 hover:underline">
              {imagePath(namedCompare.repoTags.find((tag) => tag.startsWith("compare")) ?? namedCompare.id)}
            </Link>
            .
          </p>
        ) : null}
      </section>

      {!a || !b ? (
        <Notice tone="info" title="Choose two images" testId="compare-choose">
          Pick the image before and the image after, e.g. two builds of the same Dockerfile, to see what the rebuild changed. On the images
          list, tick two images and choose Compare.
        </Notice>
      ) : same ? (
        <Notice tone="warning" title="The same image twice" testId="compare-same">
          Choose two different images, or two different layers of this one (e.g. a layer and the one below it: what that step changed).
        </Notice>
      ) : error ? (
        <Notice tone="error" title="Cannot compare these images" testId="compare-error">
          {errorMessage(error)}
        </Notice>
      ) : !current ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-10 text-center text-sm text-slate-500" aria-live="polite">
          Comparing… The first comparison of an image analyses its layers, which reads it once through docker save.
        </p>
      ) : (
        <>
          <Summary comparison={current} />
          <section aria-label="Files" data-testid="compare-files" className="rounded-lg border border-slate-200 bg-white">
            <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
              <div role="group" aria-label="Which changes" className="inline-flex flex-wrap rounded-md bg-slate-100 p-0.5 text-xs">
                {(["all", ...KINDS.map((item) => item.kind)] as const).map((value) => {
                  const count =
                    value === "all" ? current.added.length + current.removed.length + current.changed.length : current[value].length;
                  return (
                    <button
                      key={value}
                      type="button"
                      aria-pressed={kind === value}
                      onClick={() => setKind(value)}
                      className={clsx(
                        "rounded px-2.5 py-1 font-medium capitalize",
                        kind === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                      )}
                    >
                      {value} <span className="text-slate-400 tabular-nums">{count}</span>
                    </button>
                  );
                })}
              </div>
              <div className="min-w-48 flex-1">
                <label htmlFor={`${id}-filter`} className="mb-1 block text-xs font-medium text-slate-600">
                  Filter by path
                </label>
                <input
                  id={`${id}-filter`}
                  type="search"
                  value={query}
                  onChange={(event) => setQuery(event.target.value)}
                  placeholder="/www"
                  className={inputClass(false, "font-mono text-[13px]")}
                />
              </div>
              <label className="flex items-center gap-2 text-xs font-medium text-slate-600">
                Sort
                <select
                  value={sort}
                  onChange={(event) => setSort(event.target.value as "size" | "path")}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
                >
                  <option value="size">Biggest difference first</option>
                  <option value="path">Path</option>
                </select>
              </label>
            </div>
            <ChangeRows rows={rows} />
          </section>
        </>
      )}
    </div>
  );
}
