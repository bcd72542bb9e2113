import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import type { HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import type { LayerAnalysis } from "@/lib/layers/types";
import { InstructionText } from "./instruction-text";
import { LayerChip, layerInstruction, StepLink } from "./layer-marks";

/**
 * The analysed layers, base first (the order of the Dockerfile), each beside the history step that
 * made it: its stored bytes as a bar on one scale for all layers, the part of them no container
 * sees hatched red, and what it added, changed and deleted. Choosing one shows its files.
 */
export function LayerList({
  analysis,
  history,
  selected,
  onSelect,
}: {
  analysis: LayerAnalysis;
  history: readonly HistoryStep[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  const largest = Math.max(1, ...analysis.layers.map((layer) => layer.size));
  return (
    <ol data-testid="explorer-layers" aria-label="Layers, base first" className="divide-y divide-slate-100">
      {analysis.layers.map((layer) => {
        const { text, keyword } = layerInstruction(layer, history);
        const width = (layer.size / largest) * 100;
        const wasteWidth = layer.size > 0 ? (Math.min(layer.wastedBytes, layer.size) / layer.size) * 100 : 0;
        const active = layer.index === selected;
        return (
          <li
            key={layer.index}
            data-testid="explorer-layer"
            data-layer-index={layer.index}
            data-wasted-bytes={layer.wastedBytes}
            className={clsx("relative", active ? "bg-sky-50" : "hover:bg-slate-50")}
          >
            {active ? <span className="absolute inset-y-0 left-0 w-1 bg-sky-500" aria-hidden /> : null}
            <button
              type="button"
              aria-pressed={active}
              onClick={() => onSelect(layer.index)}
              title={layer.createdBy ?? undefined}
              className="flex w-full items-start gap-2 px-4 pt-2.5 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500"
            >
              <LayerChip index={layer.index} className="mt-0.5 shrink-0" />
              <span className="block min-w-0 flex-1">
                <span className="block truncate text-[13px]">
                  {text || keyword ? (
                    <InstructionText instruction={text} keyword={keyword} />
                  ) : (
                    <span className="text-slate-400">step unknown</span>
                  )}
                </span>
                <span className="mt-1.5 flex items-center gap-2">
                  <span
                    className="block h-2.5 min-w-0 flex-1 overflow-hidden rounded-sm bg-slate-100"
                    title={`${formatBytes(layer.size)} stored${layer.wastedBytes ? `, ${formatBytes(layer.wastedBytes)} of it never seen by a container` : ""}`}
                  >
                    <span
                      className={clsx("flex h-full", layer.inBase ? "bg-violet-400" : "bg-sky-500")}
                      style={{ width: `${Math.max(layer.size > 0 ? 1 : 0, width)}%` }}
                    >
                      {wasteWidth > 0 ? (
                        <span
                          data-testid="layer-waste-bar"
                          className="ml-auto block h-full bg-[repeating-linear-gradient(135deg,var(--color-red-500)_0_3px,var(--color-red-300)_3px_6px)]"
                          style={{ width: `${wasteWidth}%` }}
                        />
                      ) : null}
                    </span>
                  </span>
                  <span className="w-16 shrink-0 text-right text-xs font-semibold tabular-nums">{formatBytes(layer.size)}</span>
                </span>
              </span>
            </button>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 pt-1 pr-4 pb-2.5 pl-[3.25rem] text-[11px] text-slate-500">
              {layer.stepIndex !== null ? <StepLink stepIndex={layer.stepIndex} history={history} /> : null}
              {layer.inBase ? <Badge tone="violet">base image</Badge> : null}
              <span className="tabular-nums" title="Paths this layer added, changed and deleted">
                <span className="text-emerald-700">+{layer.files.added}</span>{" "}
                <span className="text-amber-700">~{layer.files.changed}</span> <span className="text-red-700">−{layer.files.deleted}</span>
              </span>
              {layer.wastedBytes > 0 ? (
                <span
                  data-testid="layer-wasted"
                  className="font-medium text-red-700"
                  title="Bytes this layer stores that a later layer (or itself) hides"
                >
                  {formatBytes(layer.wastedBytes)} wasted
                </span>
              ) : null}
              {layer.hiddenBytes > 0 ? (
                <span
                  data-testid="layer-hides"
                  className="text-slate-600"
                  title="Bytes of files stored below (or here) that this layer deletes or overwrites"
                >
                  hides {formatBytes(layer.hiddenBytes)}
                </span>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
