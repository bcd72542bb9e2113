import { clsx } from "clsx";
import type { HistoryStep, LayerView } from "@/lib/images/types";
import type { ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { shortDigest, zeroByteLayerReason } from "@/lib/format/image";
import { InstructionText } from "./instruction-text";

const MIN_HEIGHT = 40;
const MAX_HEIGHT = 132;

/**
 * Box height on a square-root scale: a 50 MB layer and a 2 MB one both stay readable, and a
 * 0-byte layer still gets a visible box of the minimum height.
 */
function boxHeight(size: number, largest: number): number {
  if (largest <= 0) return MIN_HEIGHT;
  return Math.round(MIN_HEIGHT + (MAX_HEIGHT - MIN_HEIGHT) * Math.sqrt(size / largest));
}

function layerTone(layer: LayerView): string {
  if (layer.size === 0) return "border-slate-300 bg-slate-50 text-slate-600";
  if (layer.sharedWith.length > 0) return "border-violet-300 bg-gradient-to-r from-violet-100 to-violet-50 text-violet-950";
  return "border-sky-300 bg-gradient-to-r from-sky-100 to-sky-50 text-sky-950";
}

/**
 * The image as the union filesystem sees it: read-only layers from the base up, and on top the
 * thin writable layer each container gets, where changes are copied on write.
 */
export function LayerStack({
  layers,
  history,
  containers,
}: {
  layers: LayerView[];
  history: HistoryStep[];
  containers: ContainerSummary[];
}) {
  const largest = Math.max(0, ...layers.map((layer) => layer.size));
  const written = containers.reduce((sum, container) => sum + (container.sizeRw ?? 0), 0);
  const knowsWritten = containers.some((container) => container.sizeRw !== null);

  return (
    <div data-testid="layer-stack" className="flex gap-3">
      <div className="flex w-6 shrink-0 flex-col items-center text-[10px] font-medium tracking-wider text-slate-400 uppercase">
        <div className="flex h-[72px] rotate-180 items-center [writing-mode:vertical-rl]">container</div>
        <div className="my-2 w-px flex-1 bg-slate-300" aria-hidden />
        <div className="rotate-180 [writing-mode:vertical-rl]">image · read-only</div>
        <div className="mt-2 w-px flex-1 bg-slate-300" aria-hidden />
      </div>
      <ol className="flex min-w-0 flex-1 flex-col gap-1.5" aria-label="Layers, top of the stack first">
        <li
          data-testid="writable-layer"
          className="flex min-h-[72px] flex-col justify-center rounded-lg border-2 border-dashed border-emerald-400 bg-emerald-50/60 px-3 py-2 text-emerald-950"
        >
          <div className="flex items-center gap-2">
            <span className="text-sm font-semibold">container layer (writable) — copy-on-write</span>
            <span className="ml-auto text-xs tabular-nums">
              {containers.length} container{containers.length === 1 ? "" : "s"}
              {knowsWritten ? ` · ${formatBytes(written)} written` : ""}
            </span>
          </div>
          <p className="mt-0.5 text-xs text-emerald-900/80">
            {containers.length
              ? containers
                  .map(
                    (container) =>
                      `${container.name || container.shortId}${container.sizeRw !== null ? ` (${formatBytes(container.sizeRw)})` : ""}`,
                  )
                  .join(", ")
              : "Each container started from this image gets its own thin layer here; files it changes are copied up from below."}
          </p>
        </li>
        {[...layers].reverse().map((layer) => {
          const step = layer.stepIndex === null ? undefined : history[layer.stepIndex];
          return (
            <li
              key={layer.index}
              data-testid="layer-box"
              data-layer-index={layer.index}
              style={{ minHeight: boxHeight(layer.size, largest) }}
              className={clsx("flex items-center gap-3 rounded-lg border px-3 py-1.5 shadow-xs", layerTone(layer))}
              title={step?.createdBy || undefined}
            >
              <span className="w-7 shrink-0 rounded bg-white/70 py-0.5 text-center font-mono text-[11px] font-semibold ring-1 ring-black/5">
                L{layer.index}
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate text-[13px]">
                  {step ? (
                    <InstructionText instruction={step.instruction} keyword={step.keyword} />
                  ) : (
                    <span className="text-slate-500">{layer.instruction ?? "unknown step"}</span>
                  )}
                </p>
                <p className="mt-0.5 flex flex-wrap items-center gap-x-2 text-[11px] opacity-75">
                  <span className="font-mono">{shortDigest(layer.diffId)}</span>
                  {layer.index === 0 ? <span>base layer</span> : null}
                  {layer.size === 0 ? <span>0 B layer: {zeroByteLayerReason(step?.keyword ?? "")}</span> : null}
                </p>
              </div>
              {layer.sharedWith.length ? (
                <span
                  className="max-w-32 rounded-full bg-violet-600 px-2 py-0.5 text-center text-[11px] leading-tight font-medium text-white sm:max-w-none sm:shrink-0"
                  title={`Also in ${layer.sharedWith.map((image) => image.repoTags[0] ?? image.shortId).join(", ")}`}
                >
                  shared with {layer.sharedWith.length} other image{layer.sharedWith.length === 1 ? "" : "s"}
                </span>
              ) : null}
              <span className="w-16 shrink-0 text-right text-sm font-semibold whitespace-nowrap tabular-nums sm:w-20">
                {formatBytes(layer.size)}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function LayerLegend() {
  const item = (swatch: string, label: string) => (
    <span className="flex items-center gap-1.5">
      <span className={clsx("size-3 rounded-sm border", swatch)} aria-hidden />
      {label}
    </span>
  );
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
      {item("border-sky-300 bg-sky-100", "only in this image")}
      {item("border-violet-300 bg-violet-100", "shared with other images")}
      {item("border-slate-300 bg-slate-50", "0 B layer")}
      {item("border-2 border-dashed border-emerald-400 bg-emerald-50", "writable container layer")}
      <span>Height grows with the square root of size.</span>
    </div>
  );
}
