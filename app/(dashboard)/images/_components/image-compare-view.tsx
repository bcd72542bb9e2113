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
import { useImages } from "@/app/_lib/hooks/use-images";
import { renderCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, primaryReference } from "@/lib/format/image";
import type { ImageSummary } from "@/lib/images/types";
import type { CompareEntry, ImageComparison } from "@/lib/layers/types";

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

/** Keeps the address in step with the two images, so a comparison can be bookmarked or shared. */
function writeUrl(a: string, b: string): void {
  const params = new URLSearchParams();
  if (a) params.set("a", a);
  if (b) params.set("b", b);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
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
 * Two images side by side: pick them (or arrive with `?a=&b=` from the images list), then the
 * files added, removed and changed from the first to the second, with sizes, filterable by path.
 */
export function ImageCompareView({ initialA, initialB }: { initialA: string; initialB: string }) {
  const id = useId();
  const { data: list } = useImages();
  const [a, setA] = useState(initialA);
  const [b, setB] = useState(initialB);
  const [kind, setKind] = useState<Kind | "all">("all");
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<"size" | "path">("size");
  const same = a !== "" && a === b;
  const { data, error, isLoading } = useImageComparison(a && b && !same ? a : null, b || null);

  const choose = (which: "a" | "b", value: string) => {
    const next = which === "a" ? { a: value, b } : { a, b: value };
    if (which === "a") setA(value);
    else setB(value);
    writeUrl(next.a, next.b);
  };

  const rows = useMemo(() => {
    if (!data) return [];
    const needle = query.trim().toLowerCase();
    return rowsOf(data)
      .filter((row) => (kind === "all" || row.kind === kind) && (!needle || row.path.toLowerCase().includes(needle)))
      .sort((x, y) =>
        sort === "size" ? Math.abs(y.delta) - Math.abs(x.delta) || x.path.localeCompare(y.path) : x.path.localeCompare(y.path),
      );
  }, [data, kind, query, sort]);

  const sizeOf = (ref: string) =>
    list?.images.find((image) => primaryReference(image) === ref || image.id === ref || image.repoTags.includes(ref));

  return (
    <div className="space-y-4">
      <section aria-label="Images to compare" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <ImagePicker
            id={`${id}-a`}
            label="First image (before)"
            value={a}
            images={list?.images}
            onChange={(value) => choose("a", value)}
          />
          <button
            type="button"
            onClick={() => {
              setA(b);
              setB(a);
              writeUrl(b, a);
            }}
            disabled={!a && !b}
            aria-label="Swap the two images"
            title="Swap"
            className="self-center rounded-md px-2 py-1.5 text-slate-500 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:text-slate-300 sm:self-auto"
          >
            ⇄
          </button>
          <ImagePicker
            id={`${id}-b`}
            label="Second image (after)"
            value={b}
            images={list?.images}
            onChange={(value) => choose("b", value)}
          />
        </div>
        {a && b && !same ? (
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
            {[a, b].map((ref, index) => {
              const image = sizeOf(ref);
              return (
                <Link key={index} href={imagePath(ref)} className="hover:underline">
                  {index === 0 ? "First" : "Second"}: <span className="font-mono">{ref}</span>
                  {image ? ` · ${formatBytes(image.size)} · ${image.layerCount} layers` : ""}
                </Link>
              );
            })}
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
      </section>

      {!a || !b ? (
        <Notice tone="info" title="Choose two images" testId="compare-choose">
          Pick the image before and the image after, e.g. two builds of the same Dockerfile, to see what the rebuild changed. On the images
          list, tick two images and choose Compare.
        </Notice>
      ) : same ? (
        <Notice tone="warning" title="The same image twice" testId="compare-same">
          Choose two different images.
        </Notice>
      ) : error ? (
        <Notice tone="error" title="Cannot compare these images" testId="compare-error">
          {errorMessage(error)}
        </Notice>
      ) : isLoading || !data ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-10 text-center text-sm text-slate-500" aria-live="polite">
          Comparing… The first comparison of an image analyses its layers, which reads it once through docker save.
        </p>
      ) : (
        <>
          <Summary comparison={data} />
          <section aria-label="Files" data-testid="compare-files" className="rounded-lg border border-slate-200 bg-white">
            <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
              <div role="group" aria-label="Which changes" className="inline-flex flex-wrap rounded-md bg-slate-100 p-0.5 text-xs">
                {(["all", ...KINDS.map((item) => item.kind)] as const).map((value) => {
                  const count = value === "all" ? data.added.length + data.removed.length + data.changed.length : data[value].length;
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
