"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { clsx } from "clsx";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { CheckField, inputClass } from "@/app/_components/field";
import { directoryKey, useLayerDirectories, type DirectoryState } from "@/app/_lib/hooks/use-layer-directories";
import type { HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import type { AnalysisWasteItem, LayerAnalysis, LayerDirectoryEntry, LayerFileView } from "@/lib/layers/types";
import { ChangeMark, formatMode, LayerChip, layerInstruction, StepLink } from "./layer-marks";
import { InstructionText } from "./instruction-text";

const ROW_HEIGHT = 30;
/** The tree's box: at least this many rows high, at most this many pixels. */
const MIN_ROWS = 6;
const MAX_HEIGHT = 420;
const PAGE_ROWS = 12;

type Row =
  | { kind: "entry"; entry: LayerDirectoryEntry; depth: number; open: boolean; expandable: boolean }
  | { kind: "status"; path: string; depth: number; text: string; error: boolean };

export type TreeSort = "name" | "size";

/** A request from elsewhere on the page (the waste list) to show a path at a layer. */
export type RevealRequest = { layer: number; path: string; nonce: number };

/** `/a/b/c` → `["/a", "/a/b"]`: the directories to open to see it. */
function ancestorsOf(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  const result: string[] = [];
  for (let index = 1; index < parts.length; index += 1) result.push(`/${parts.slice(0, index).join("/")}`);
  return result;
}

/** The waste items that concern one layer, by path, and the directories that hold them. */
function wasteAt(waste: readonly AnalysisWasteItem[], layer: number, view: LayerFileView) {
  const byPath = new Map<string, AnalysisWasteItem[]>();
  const dirs = new Set<string>();
  for (const item of waste) {
    // The layer's own tar: what it wrote that is wasted, and what it hid. What a container sees:
    // every version stored up to here that no container of the final image sees.
    const relevant = view === "layer" ? item.writtenBy === layer || item.hiddenBy === layer : item.writtenBy <= layer;
    if (!relevant) continue;
    byPath.set(item.path, [...(byPath.get(item.path) ?? []), item]);
    for (const dir of ancestorsOf(item.path)) dirs.add(dir);
  }
  return { byPath, dirs };
}

function compareEntries(sort: TreeSort) {
  return (a: LayerDirectoryEntry, b: LayerDirectoryEntry) =>
    sort === "size" ? b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function EntryIcon({ type, open }: { type: LayerDirectoryEntry["type"]; open: boolean }) {
  if (type === "dir") {
    return (
      <svg viewBox="0 0 16 16" className="size-4 shrink-0 text-amber-500" aria-hidden>
        <path fill="currentColor" d={open ? "M1.5 3h4l1.5 1.5h7v1.5H4L1.5 12.5z M4 7h11l-2.5 6.5h-11z" : "M1.5 3h4l1.5 1.5h7.5v9h-13z"} />
      </svg>
    );
  }
  const tone = type === "symlink" || type === "hardlink" ? "text-violet-500" : type === "other" ? "text-slate-400" : "text-slate-400";
  return (
    <svg viewBox="0 0 16 16" className={clsx("size-4 shrink-0", tone)} aria-hidden>
      <path fill="none" stroke="currentColor" strokeWidth="1.3" d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" />
      {type === "symlink" || type === "hardlink" ? (
        <path fill="none" stroke="currentColor" strokeWidth="1.3" d="M5.5 11.5l4-4m-3 0h3v3" />
      ) : null}
    </svg>
  );
}

/**
 * The files of one layer as a tree: what the layer's tar holds (`layer`: each path added, changed
 * or deleted) or what a container started from this layer sees (`union`). Directories are read one
 * level at a time as they open; rows are virtualised, so a directory of 100,000 entries scrolls as
 * smoothly as one of ten. Keyboard: ↑ ↓ Home End PageUp PageDown move, → or Enter opens a directory
 * (Enter on a file views it), ← closes or goes to the parent, Backspace goes up a level.
 */
export function FileTree({
  imageId,
  analysis,
  history,
  layer,
  onLayerChange,
  reveal,
  onRevealDone,
  onOpenFile,
}: {
  imageId: string;
  analysis: LayerAnalysis;
  history: readonly HistoryStep[];
  layer: number;
  onLayerChange: (layer: number) => void;
  reveal: RevealRequest | null;
  onRevealDone: () => void;
  onOpenFile: (entry: LayerDirectoryEntry, layer: number, view: LayerFileView) => void;
}) {
  const id = useId();
  const [view, setView] = useState<LayerFileView>("layer");
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [active, setActive] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<TreeSort>("name");
  const [onlyChanges, setOnlyChanges] = useState(false);
  const [onlyWaste, setOnlyWaste] = useState(false);

  // A reveal opens the path's directories and selects it (state adjusted while rendering, as React
  // recommends for "when a prop changes", rather than in an effect).
  const [seenReveal, setSeenReveal] = useState<number | null>(null);
  if (reveal && reveal.nonce !== seenReveal) {
    setSeenReveal(reveal.nonce);
    setView("layer");
    setQuery("");
    setOnlyChanges(false);
    setOnlyWaste(false);
    setExpanded((current) => new Set([...current, ...ancestorsOf(reveal.path)]));
    setCollapsed(new Set());
    setActive(reveal.path);
  }

  const waste = useMemo(() => wasteAt(analysis.waste, layer, view), [analysis.waste, layer, view]);
  const needle = query.trim().toLowerCase();
  const queryDirs = useMemo(() => (needle.startsWith("/") ? ancestorsOf(needle.endsWith("/") ? `${needle}x` : needle) : []), [needle]);

  const wanted = useMemo(() => {
    const paths = new Set<string>(["/", ...expanded]);
    if (onlyWaste) for (const dir of waste.dirs) paths.add(dir);
    for (const path of collapsed) if (path !== "/") paths.delete(path);
    for (const dir of queryDirs) paths.add(dir);
    return [...paths];
  }, [expanded, collapsed, queryDirs, onlyWaste, waste.dirs]);
  // "Only changes" in the union view keeps the directories the layer's own tar holds (a change
  // somewhere below them), so it reads that view too.
  const views: LayerFileView[] = view === "union" && onlyChanges ? ["union", "layer"] : [view];
  const { directories } = useLayerDirectories({ ref: imageId, layer, views, paths: wanted });

  // Directories holding a match among what has been read: opened so the matches show.
  const matchDirs = useMemo(() => {
    const dirs = new Set<string>();
    if (!needle) return dirs;
    for (const [key, state] of Object.entries(directories)) {
      if (!key.startsWith(`${layer}:${view}:`)) continue;
      for (const entry of state.entries) {
        if (entry.path.toLowerCase().includes(needle)) for (const dir of ancestorsOf(entry.path)) dirs.add(dir);
      }
    }
    return dirs;
  }, [directories, needle, layer, view]);

  const rows = useMemo(() => {
    const result: Row[] = [];
    const queryDirSet = new Set(queryDirs);
    const order = compareEntries(sort);
    // A path typed into the filter opens its directories whatever was closed before.
    const isOpen = (path: string) =>
      queryDirSet.has(path) || (!collapsed.has(path) && (expanded.has(path) || matchDirs.has(path) || (onlyWaste && waste.dirs.has(path))));
    const keep = (entry: LayerDirectoryEntry, layerNames: ReadonlySet<string> | null) => {
      if (onlyChanges && entry.change === null && !(entry.type === "dir" && (layerNames === null || layerNames.has(entry.name))))
        return false;
      if (onlyWaste && !waste.byPath.has(entry.path) && !waste.dirs.has(entry.path)) return false;
      if (needle && !entry.path.toLowerCase().includes(needle) && !matchDirs.has(entry.path) && !queryDirSet.has(entry.path)) return false;
      return true;
    };
    const walk = (path: string, depth: number) => {
      const state: DirectoryState | undefined = directories[directoryKey(layer, view, path)];
      if (!state) {
        result.push({ kind: "status", path, depth, text: "Loading…", error: false });
        return;
      }
      if (state.error) {
        result.push({ kind: "status", path, depth, text: state.error, error: true });
        return;
      }
      let layerNames: ReadonlySet<string> | null = null;
      if (view === "union" && onlyChanges) {
        const own = directories[directoryKey(layer, "layer", path)];
        layerNames = own ? new Set(own.entries.map((entry) => entry.name)) : null;
      }
      const entries = state.entries.filter((entry) => keep(entry, layerNames)).sort(order);
      if (entries.length === 0) {
        const text =
          state.entries.length === 0
            ? view === "layer" && path !== "/"
              ? "nothing of this directory in this layer"
              : "empty directory"
            : "nothing matches here";
        result.push({ kind: "status", path, depth, text, error: false });
      }
      for (const entry of entries) {
        const expandable = entry.type === "dir" && entry.change !== "deleted";
        const open = expandable && isOpen(entry.path);
        result.push({ kind: "entry", entry, depth, open, expandable });
        if (open) walk(entry.path, depth + 1);
      }
    };
    walk("/", 0);
    return result;
  }, [directories, layer, view, sort, collapsed, expanded, queryDirs, matchDirs, onlyChanges, onlyWaste, waste, needle]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual keeps its own state outside React; the rows it returns are read on each render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });

  const activeIndex = active === null ? -1 : rows.findIndex((row) => row.kind === "entry" && row.entry.path === active);
  const revealIndex = reveal ? rows.findIndex((row) => row.kind === "entry" && row.entry.path === reveal.path) : -1;
  useEffect(() => {
    if (revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: "center" });
  }, [revealIndex, reveal?.nonce, virtualizer]);

  const toggle = (path: string, open: boolean) => {
    onRevealDone();
    if (open) {
      setExpanded((current) => new Set([...current].filter((item) => item !== path)));
      setCollapsed((current) => new Set([...current, path]));
    } else {
      setCollapsed((current) => new Set([...current].filter((item) => item !== path)));
      setExpanded((current) => new Set([...current, path]));
    }
  };
  const moveTo = (index: number) => {
    const row = rows[index];
    if (!row || row.kind !== "entry") return;
    onRevealDone();
    setActive(row.entry.path);
    virtualizer.scrollToIndex(index, { align: "auto" });
  };
  /** The nearest entry row from `from` in `step` direction (status rows are skipped). */
  const nearest = (from: number, step: 1 | -1): number => {
    for (let index = from; index >= 0 && index < rows.length; index += step) if (rows[index]!.kind === "entry") return index;
    return -1;
  };
  const parentIndex = (index: number): number => {
    const depth = rows[index]!.depth;
    for (let at = index - 1; at >= 0; at -= 1) if (rows[at]!.kind === "entry" && rows[at]!.depth < depth) return at;
    return -1;
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const current = activeIndex;
    const row = current >= 0 ? rows[current] : undefined;
    const entryRow = row?.kind === "entry" ? row : undefined;
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        moveTo(current < 0 ? nearest(0, 1) : nearest(current + 1, 1));
        break;
      case "ArrowUp":
        moveTo(current < 0 ? nearest(0, 1) : nearest(current - 1, -1));
        break;
      case "Home":
        moveTo(nearest(0, 1));
        break;
      case "End":
        moveTo(nearest(rows.length - 1, -1));
        break;
      case "PageDown":
        moveTo(nearest(Math.min(rows.length - 1, Math.max(0, current) + PAGE_ROWS), -1));
        break;
      case "PageUp":
        moveTo(nearest(Math.max(0, current - PAGE_ROWS), 1));
        break;
      case "ArrowRight":
        if (!entryRow) moveTo(nearest(0, 1));
        else if (entryRow.expandable && !entryRow.open) toggle(entryRow.entry.path, false);
        else if (entryRow.open) moveTo(nearest(current + 1, 1));
        break;
      case "Enter":
        if (!entryRow) break;
        if (entryRow.expandable) toggle(entryRow.entry.path, entryRow.open);
        else if (entryRow.entry.change !== "deleted" && entryRow.entry.type !== "dir") onOpenFile(entryRow.entry, layer, view);
        break;
      case "ArrowLeft":
        if (!entryRow) break;
        if (entryRow.open) toggle(entryRow.entry.path, true);
        else moveTo(parentIndex(current));
        break;
      case "Backspace": {
        if (!entryRow) break;
        // Up a level: to the directory holding this row, closed.
        const parent = parentIndex(current);
        if (parent >= 0) {
          const parentRow = rows[parent] as Extract<Row, { kind: "entry" }>;
          toggle(parentRow.entry.path, true);
          onRevealDone();
          setActive(parentRow.entry.path);
          virtualizer.scrollToIndex(parent, { align: "auto" });
        }
        break;
      }
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const onRowClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const element = (event.target as HTMLElement).closest<HTMLElement>("[data-row-index]");
    if (!element) return;
    const row = rows[Number(element.dataset.rowIndex)];
    if (!row || row.kind !== "entry") return;
    onRevealDone();
    setActive(row.entry.path);
    if (row.expandable) toggle(row.entry.path, row.open);
    else if (row.entry.change !== "deleted" && row.entry.type !== "dir") onOpenFile(row.entry, layer, view);
  };

  const current = analysis.layers[layer];
  const instruction = current ? layerInstruction(current, history) : null;
  const entryCount = rows.filter((row) => row.kind === "entry").length;
  const switchView = (next: LayerFileView) => {
    setView(next);
    onRevealDone();
  };

  return (
    <div data-testid="file-tree" data-layer={layer} data-view={view} className="flex min-w-0 flex-col">
      <div className="space-y-3 border-b border-slate-200 px-4 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2 text-xs font-medium text-slate-600">
            Layer
            <select
              data-testid="tree-layer"
              value={layer}
              onChange={(event) => onLayerChange(Number(event.target.value))}
              className="max-w-[14rem] rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
            >
              {analysis.layers.map((item) => {
                const { text: instructionText, keyword } = layerInstruction(item, history);
                const text = instructionText || keyword;
                return (
                  <option key={item.index} value={item.index}>
                    L{item.index} · {text ? (text.length > 40 ? `${text.slice(0, 38)}…` : text) : "unknown step"}
                  </option>
                );
              })}
            </select>
          </label>
          <div role="group" aria-label="Which files" className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs">
            {(
              [
                ["layer", "This layer's changes", "What this layer's tar holds: each path it added, changed or deleted"],
                [
                  "union",
                  "What a container sees",
                  "The union of this layer and every layer below it: a container's filesystem at this step",
                ],
              ] as const
            ).map(([value, label, title]) => (
              <button
                key={value}
                type="button"
                aria-pressed={view === value}
                title={title}
                onClick={() => switchView(value)}
                className={clsx(
                  "rounded px-2.5 py-1 font-medium",
                  view === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                )}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
        {current ? (
          <p className="flex min-w-0 items-center gap-2 text-xs text-slate-500">
            <LayerChip index={layer} className="shrink-0" />
            <span className="min-w-0 truncate">
              {instruction && (instruction.text || instruction.keyword) ? (
                <InstructionText instruction={instruction.text} keyword={instruction.keyword} />
              ) : (
                "unknown step"
              )}
            </span>
            {current.stepIndex !== null ? <StepLink stepIndex={current.stepIndex} history={history} /> : null}
          </p>
        ) : null}
        <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
          <div className="min-w-48 flex-1">
            <label htmlFor={`${id}-filter`} className="mb-1 block text-xs font-medium text-slate-600">
              Filter by path
            </label>
            <input
              id={`${id}-filter`}
              type="search"
              data-testid="tree-filter"
              value={query}
              placeholder="big.bin, or a path like /etc/pa"
              onChange={(event) => {
                setQuery(event.target.value);
                onRevealDone();
              }}
              className={inputClass(false, "font-mono text-[13px]")}
            />
          </div>
          <label className="flex items-center gap-2 text-xs font-medium text-slate-600">
            Sort
            <select
              data-testid="tree-sort"
              value={sort}
              onChange={(event) => setSort(event.target.value as TreeSort)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
            >
              <option value="name">Name</option>
              <option value="size">Size, largest first</option>
            </select>
          </label>
        </div>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          <CheckField
            id={`${id}-changes`}
            checked={onlyChanges}
            onChange={setOnlyChanges}
            label="Only changes"
            hint="Paths this layer added, changed or deleted"
          />
          <CheckField
            id={`${id}-waste`}
            checked={onlyWaste}
            onChange={setOnlyWaste}
            label="Only waste"
            hint={view === "layer" ? "Files this layer wasted or hid" : "Versions stored so far that no final container sees"}
          />
        </div>
      </div>

      <div className="hidden grid-cols-[minmax(0,1fr)_5.5rem_6.5rem_4.5rem] gap-2 border-b border-slate-200 bg-slate-50 px-4 py-1.5 text-xs font-medium text-slate-500 sm:grid">
        <span>Name</span>
        <span className="text-right">Size</span>
        <span>Mode</span>
        <span>Owner</span>
      </div>
      {/* The tree is one focusable widget; the active row is its aria-activedescendant, so screen
          readers follow the keyboard while only the rows in view exist in the DOM. */}
      <div
        ref={scrollRef}
        role="tree"
        aria-label={`Files of layer ${layer}${view === "union" ? ", as a container sees them" : ""}`}
        aria-activedescendant={activeIndex >= 0 ? `${id}-row-${activeIndex}` : undefined}
        tabIndex={0}
        data-testid="tree"
        onKeyDown={onKeyDown}
        onClick={onRowClick}
        // As tall as its rows up to a screenful: a small layer leaves no empty box behind.
        style={{ height: Math.min(MAX_HEIGHT, Math.max(MIN_ROWS, rows.length) * ROW_HEIGHT + 4) }}
        className="relative overflow-auto outline-none focus-visible:ring-2 focus-visible:ring-sky-300 focus-visible:ring-inset"
      >
        <div style={{ height: virtualizer.getTotalSize() }} className="relative w-full">
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const style = { height: ROW_HEIGHT, transform: `translateY(${item.start}px)` };
            if (row.kind === "status") {
              return (
                <div
                  key={`status:${row.path}`}
                  style={style}
                  className={clsx(
                    "absolute inset-x-0 top-0 flex items-center truncate px-4 text-xs italic",
                    row.error ? "text-red-700" : "text-slate-400",
                  )}
                >
                  <span style={{ paddingLeft: row.depth * 16 + 22 }}>{row.text}</span>
                </div>
              );
            }
            const { entry } = row;
            const items = waste.byPath.get(entry.path) ?? [];
            const wasted = items.filter((waste) => (view === "layer" ? waste.writtenBy === layer : waste.hiddenBy > layer));
            const hides = view === "layer" ? items.filter((waste) => waste.hiddenBy === layer && waste.writtenBy !== layer) : [];
            const isActive = item.index === activeIndex;
            return (
              <div
                key={entry.path}
                id={`${id}-row-${item.index}`}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={row.expandable ? row.open : undefined}
                aria-selected={isActive}
                data-row-index={item.index}
                data-testid="tree-row"
                data-path={entry.path}
                data-change={entry.change ?? ""}
                data-wasted={wasted.length > 0 || undefined}
                style={style}
                className={clsx(
                  "absolute inset-x-0 top-0 grid cursor-default grid-cols-[minmax(0,1fr)_5.5rem] items-center gap-2 px-4 text-[13px] sm:grid-cols-[minmax(0,1fr)_5.5rem_6.5rem_4.5rem]",
                  isActive ? "bg-sky-100" : "hover:bg-slate-50",
                )}
              >
                <span className="flex min-w-0 items-center gap-1.5" style={{ paddingLeft: row.depth * 16 }}>
                  <span className="w-3 shrink-0 text-center text-[10px] text-slate-400" aria-hidden>
                    {row.expandable ? (row.open ? "▾" : "▸") : ""}
                  </span>
                  <EntryIcon type={entry.type} open={row.open} />
                  <span
                    className={clsx(
                      // The name keeps its room; the marks after it give way first on a narrow screen.
                      "min-w-[3.5rem] truncate font-mono",
                      entry.change === "deleted" && "text-red-700 line-through",
                      entry.type === "dir" && entry.change !== "deleted" && "font-medium",
                    )}
                  >
                    {entry.name}
                  </span>
                  {entry.linkTarget ? (
                    <span className="hidden min-w-0 shrink-[50] truncate font-mono text-xs text-slate-400 sm:inline">
                      → {entry.linkTarget}
                    </span>
                  ) : null}
                  <span className="flex min-w-0 shrink-[100] gap-1 overflow-hidden">
                    <ChangeMark change={entry.change} />
                    {wasted.length ? (
                      <Badge
                        tone="red"
                        testId="waste-mark"
                        title={wasted
                          .map(
                            (waste) =>
                              `${formatBytes(waste.bytes)} written by L${waste.writtenBy}, hidden by L${waste.hiddenBy} (${waste.reason})`,
                          )
                          .join("\n")}
                      >
                        waste · hidden by L{wasted[0]!.hiddenBy}
                      </Badge>
                    ) : null}
                    {hides.length ? (
                      <Badge
                        tone="violet"
                        testId="hides-mark"
                        title={`Hides ${formatBytes(hides.reduce((sum, waste) => sum + waste.bytes, 0))} written below`}
                      >
                        hides L{hides[0]!.writtenBy}&apos;s {formatBytes(hides.reduce((sum, waste) => sum + waste.bytes, 0))}
                      </Badge>
                    ) : null}
                  </span>
                </span>
                <span className="text-right text-xs whitespace-nowrap text-slate-600 tabular-nums">
                  {entry.type === "file" || entry.type === "hardlink" ? formatBytes(entry.size) : ""}
                </span>
                <span className="hidden font-mono text-xs text-slate-500 sm:block">
                  {entry.change === "deleted" ? "" : formatMode(entry.type, entry.mode)}
                </span>
                <span className="hidden font-mono text-xs text-slate-500 sm:block">
                  {entry.change === "deleted" ? "" : `${entry.uid}:${entry.gid}`}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <p className="border-t border-slate-100 px-4 py-2 text-[11px] text-slate-500">
        <span data-testid="tree-count" className="tabular-nums">
          {entryCount.toLocaleString("en")} rows
        </span>
        <span className="hidden sm:inline">
          {" "}
          · <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>→</kbd> or <kbd>Enter</kbd> opens a directory, <kbd>Enter</kbd> views a file ·{" "}
          <kbd>←</kbd> / <kbd>Backspace</kbd> up
        </span>
        {needle && !needle.startsWith("/") ? (
          <span> · searches the open directories; type a path from / to open its directories</span>
        ) : null}
      </p>
    </div>
  );
}
