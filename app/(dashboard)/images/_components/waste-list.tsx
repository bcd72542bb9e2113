"use client";

import { useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { ListTable } from "@/app/_components/list-table";
import type { HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import type { AnalysisWasteItem, LayerAnalysis } from "@/lib/layers/types";
import { InstructionText } from "./instruction-text";
import { LayerChip, layerInstruction } from "./layer-marks";

const FIRST_ROWS = 25;

const REASONS: Record<AnalysisWasteItem["reason"], { label: string; title: string }> = {
  deleted: { label: "deleted", title: "A whiteout in a later layer deletes the path; the bytes stay in the layer that wrote them" },
  overwritten: { label: "overwritten", title: "A later layer stores a new version of the path; the old one is never seen again" },
  opaque: {
    label: "dir replaced",
    title: "A later layer replaced the whole directory (an opaque whiteout): everything below it is hidden",
  },
};

function LayerCell({
  index,
  analysis,
  history,
  onSelect,
}: {
  index: number;
  analysis: LayerAnalysis;
  history: readonly HistoryStep[];
  onSelect: () => void;
}) {
  const layer = analysis.layers[index];
  const { text, keyword } = layer ? layerInstruction(layer, history) : { text: "", keyword: "" };
  return (
    <button
      type="button"
      onClick={onSelect}
      title={`Show this file in layer ${index}`}
      className="flex max-w-[18rem] min-w-0 items-center gap-1.5 rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-sky-500"
    >
      <LayerChip index={index} className="shrink-0" />
      <span className="truncate text-xs">{text ? <InstructionText instruction={text} keyword={keyword} /> : `layer ${index}`}</span>
    </button>
  );
}

/**
 * Every stored file version no container can see, biggest first, with the layer that wrote it and
 * the layer that hid it; choosing either layer shows the file in the tree there.
 */
export function WasteList({
  analysis,
  history,
  onReveal,
}: {
  analysis: LayerAnalysis;
  history: readonly HistoryStep[];
  /** Opens the file tree at a layer with this path selected. */
  onReveal: (layer: number, path: string) => void;
}) {
  const [all, setAll] = useState(false);
  // The server sends them biggest first; sorting again keeps that promise whatever the store did.
  const items = [...analysis.waste].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  if (items.length === 0) {
    return (
      <p data-testid="waste-empty" className="px-4 py-6 text-sm text-slate-500">
        No waste: every file version stored in a layer is still visible to a container.
      </p>
    );
  }
  const shown = all ? items : items.slice(0, FIRST_ROWS);
  const more = analysis.wasteCount - analysis.waste.length;
  // On a phone each row stacks (path and bytes, then the two layers) instead of scrolling sideways.
  return (
    <div className="max-sm:[&_thead]:hidden">
      <ListTable
        label="Wasted files"
        testId="waste-list"
        framed={false}
        actions={false}
        columns={["Path", { label: "Wasted", align: "right" }, "Written by", "Hidden by"]}
        below={
          items.length > FIRST_ROWS || more > 0 ? (
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
              {items.length > FIRST_ROWS ? (
                <Button size="sm" variant="ghost" onClick={() => setAll(!all)}>
                  {all ? `Show the ${FIRST_ROWS} biggest` : `Show all ${items.length}`}
                </Button>
              ) : null}
              {more > 0 ? (
                <span>
                  The {analysis.waste.length} biggest of {analysis.wasteCount} wasted file versions are listed; the totals count them all.
                </span>
              ) : null}
            </div>
          ) : null
        }
      >
        {shown.map((item) => (
          <tr
            key={`${item.path}:${item.writtenBy}`}
            data-testid="waste-row"
            data-path={item.path}
            data-bytes={item.bytes}
            data-written-by={item.writtenBy}
            data-hidden-by={item.hiddenBy}
            className="max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-4 max-sm:py-2.5"
          >
            <td className="py-2 pr-3 pl-4 align-top max-sm:p-0">
              <span className="font-mono text-[13px] break-all">{item.path}</span>
              <span className="mt-0.5 flex flex-wrap items-center gap-1">
                <Badge tone={item.reason === "overwritten" ? "amber" : "red"} title={REASONS[item.reason].title}>
                  {REASONS[item.reason].label}
                </Badge>
                {item.sameContent ? (
                  <Badge tone="gray" title="The later version has the same bytes: only owner, mode or time changed">
                    same content
                  </Badge>
                ) : null}
                {item.movedTo ? (
                  <span className="text-[11px] text-slate-500">
                    moved to <span className="font-mono">{item.movedTo}</span>
                  </span>
                ) : null}
              </span>
            </td>
            <td className="px-3 py-2 text-right align-top font-semibold whitespace-nowrap text-red-700 tabular-nums max-sm:p-0">
              {formatBytes(item.bytes)}
            </td>
            <td className="px-3 py-2 align-top max-sm:col-span-2 max-sm:flex max-sm:items-center max-sm:gap-2 max-sm:p-0">
              <span className="w-16 shrink-0 text-[11px] text-slate-500 sm:hidden">written by</span>
              <LayerCell
                index={item.writtenBy}
                analysis={analysis}
                history={history}
                onSelect={() => onReveal(item.writtenBy, item.path)}
              />
            </td>
            <td className="px-3 py-2 align-top max-sm:col-span-2 max-sm:flex max-sm:items-center max-sm:gap-2 max-sm:p-0">
              <span className="w-16 shrink-0 text-[11px] text-slate-500 sm:hidden">hidden by</span>
              <LayerCell index={item.hiddenBy} analysis={analysis} history={history} onSelect={() => onReveal(item.hiddenBy, item.path)} />
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}
