import Link from "next/link";
import type { HistoryStep, ImageSummary, LayerView } from "@/lib/images/types";
import { formatBytes, formatPercent } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { InstructionText } from "./instruction-text";
import { SizeBar } from "./size-bar";

/**
 * The two shares of an image's bytes as percentages that agree: when one rounds to "<1%", the
 * other reads ">99%", never "100%" beside it.
 */
export function sharePercents(shared: number, unique: number): { shared: string; unique: string } {
  const total = shared + unique;
  const pair = { shared: formatPercent(shared, total), unique: formatPercent(unique, total) };
  if (pair.shared === "<1%" && pair.unique === "100%") pair.unique = ">99%";
  if (pair.unique === "<1%" && pair.shared === "100%") pair.shared = ">99%";
  return pair;
}

/** Which other images stack each layer: those bytes are on disk once, whoever removes what. */
export function LayerSharing({ summary, layers, history }: { summary: ImageSummary; layers: LayerView[]; history: HistoryStep[] }) {
  const percents = sharePercents(summary.sharedSize, summary.uniqueSize);
  return (
    <div data-testid="layer-sharing">
      <div className="grid grid-cols-1 gap-4 px-4 py-3 sm:grid-cols-2">
        <div>
          <p className="text-xs text-slate-500">Shared with other images</p>
          <p className="text-lg font-semibold text-violet-700 tabular-nums">
            {formatBytes(summary.sharedSize)}{" "}
            <span data-testid="shared-percent" className="text-xs font-normal text-slate-400">
              {percents.shared}
            </span>
          </p>
        </div>
        <div>
          <p className="text-xs text-slate-500">Owned (freed by removing it)</p>
          <p className="text-lg font-semibold text-sky-700 tabular-nums">
            {formatBytes(summary.uniqueSize)}{" "}
            <span data-testid="unique-percent" className="text-xs font-normal text-slate-400">
              {percents.unique}
            </span>
          </p>
        </div>
        <div className="sm:col-span-2">
          <SizeBar shared={summary.sharedSize} unique={summary.uniqueSize} />
        </div>
      </div>
      <ul className="divide-y divide-slate-100 border-t border-slate-100">
        {[...layers].reverse().map((layer) => {
          const step = layer.stepIndex === null ? undefined : history[layer.stepIndex];
          return (
            <li key={layer.index} data-testid="sharing-layer" data-layer-index={layer.index} className="px-4 py-2">
              <div className="flex items-center gap-2 text-[13px]">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-slate-700">
                  L{layer.index}
                </span>
                <span className="min-w-0 flex-1 truncate">
                  {step ? <InstructionText instruction={step.instruction} keyword={step.keyword} /> : (layer.instruction ?? "unknown step")}
                </span>
                <span className="shrink-0 text-xs text-slate-500 tabular-nums">{formatBytes(layer.size)}</span>
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-1 pl-8 text-xs">
                {layer.sharedWith.length ? (
                  <>
                    <span className="text-slate-500">also in</span>
                    {layer.sharedWith.map((image) => (
                      <Link
                        key={image.id}
                        title={image.repoTags.length ? image.repoTags.join(", ") : image.id}
                        href={imagePath(image.id)}
                        className="rounded bg-violet-50 px-1.5 py-0.5 font-mono break-all text-violet-800 ring-1 ring-violet-200 ring-inset hover:bg-violet-100"
                      >
                        {image.repoTags.length ? image.repoTags.join(", ") : image.shortId}
                      </Link>
                    ))}
                  </>
                ) : (
                  <span className="text-slate-400">only this image</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
