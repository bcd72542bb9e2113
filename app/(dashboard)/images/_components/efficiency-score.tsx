import { clsx } from "clsx";
import { CliCommand } from "@/app/_components/cli-command";
import { renderCommand } from "@/lib/cli/command";
import { formatBytes, formatPercent } from "@/lib/format/bytes";
import type { LayerAnalysis } from "@/lib/layers/types";

/** dive's default gate (`lowestEfficiency: 0.9`): below it a pipeline with `dive --ci` fails. */
const DIVE_LOWEST_EFFICIENCY = 0.9;

function percent(fraction: number): string {
  const value = fraction * 100;
  if (value > 0 && value < 1) return "<1%";
  if (value < 100 && value > 99) return ">99%";
  return `${Math.round(value)}%`;
}

/** The one sentence under the score: what the number means for this image. */
export function efficiencySentence(analysis: LayerAnalysis): string {
  const { totalBytes, visibleBytes, wastedBytes } = analysis;
  if (totalBytes === 0) return "The layers store no file content, so there is nothing to waste.";
  if (wastedBytes === 0) {
    return `Every one of the ${formatBytes(totalBytes)} stored in the layers is visible to a container: no layer deletes or overwrites what a lower one wrote.`;
  }
  return `A container sees ${formatBytes(visibleBytes)} of the ${formatBytes(totalBytes)} stored in the layers; the other ${formatBytes(wastedBytes)} are file versions a later layer deleted or overwrote, still shipped and stored but never used.`;
}

/**
 * The efficiency score (visible bytes / stored bytes) as a ring, with its meaning in one sentence
 * and the waste split between the base image and the layers built on it.
 */
export function EfficiencyScore({ analysis, reference }: { analysis: LayerAnalysis; reference: string }) {
  const { efficiency, totalBytes, visibleBytes, wastedBytes, userWastedBytes, userWastedPercent, baseLayers, baseImage } = analysis;
  const good = efficiency >= DIVE_LOWEST_EFFICIENCY;
  // The ring: visible share in green (or amber below dive's gate), wasted share in red.
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  const visibleLength = Math.max(0, Math.min(1, efficiency)) * circumference;
  const baseName = baseImage ? (baseImage.repoTags[0] ?? baseImage.id.slice(7, 19)) : null;

  return (
    <div data-testid="efficiency" className="flex flex-col gap-4 p-4">
      <div className="flex items-center gap-4">
        <svg viewBox="0 0 100 100" className="size-24 shrink-0 -rotate-90" role="img" aria-label={`Efficiency ${percent(efficiency)}`}>
          <circle cx="50" cy="50" r={radius} fill="none" strokeWidth="12" className="stroke-red-300" />
          <circle
            cx="50"
            cy="50"
            r={radius}
            fill="none"
            strokeWidth="12"
            strokeDasharray={`${visibleLength} ${circumference}`}
            className={good ? "stroke-emerald-500" : "stroke-amber-500"}
          />
        </svg>
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Efficiency</p>
          <p
            data-testid="efficiency-score"
            className={clsx("text-3xl font-semibold tabular-nums", good ? "text-emerald-700" : "text-amber-700")}
          >
            {percent(efficiency)}
          </p>
          <p className="text-xs text-slate-500">
            dive&apos;s CI gate fails below {percent(DIVE_LOWEST_EFFICIENCY)}: this image would {good ? "pass" : "fail"}.
          </p>
        </div>
      </div>
      <p data-testid="efficiency-sentence" className="text-sm text-slate-700">
        {efficiencySentence(analysis)}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        <div>
          <dt className="text-xs text-slate-500">Stored in layers</dt>
          <dd className="font-semibold tabular-nums">{formatBytes(totalBytes)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Visible to a container</dt>
          <dd className="font-semibold tabular-nums">{formatBytes(visibleBytes)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Wasted</dt>
          <dd data-testid="wasted-bytes" className={clsx("font-semibold tabular-nums", wastedBytes > 0 && "text-red-700")}>
            {formatBytes(wastedBytes)}
            <span className="ml-1 text-xs font-normal text-slate-500">{formatPercent(wastedBytes, totalBytes)}</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500" title="Waste in the layers above the base image: what your own Dockerfile steps cause">
            Wasted by your steps
          </dt>
          <dd data-testid="user-wasted-bytes" className={clsx("font-semibold tabular-nums", userWastedBytes > 0 && "text-red-700")}>
            {formatBytes(userWastedBytes)}
            <span className="ml-1 text-xs font-normal text-slate-500">{percent(userWastedPercent)}</span>
          </dd>
        </div>
      </dl>
      <p className="text-xs text-slate-500">
        Base image: {baseLayers} layer{baseLayers === 1 ? "" : "s"}
        {baseName ? (
          <>
            {" "}
            (the layers <span className="font-mono">{baseName}</span> consists of)
          </>
        ) : (
          " (no other local image shares them, so the bottom layer counts as the base)"
        )}
        . Waste counts only versions no container can see; the copy that stays visible is never counted.
      </p>
      <div className="space-y-1">
        <p className="text-xs text-slate-500">The same check in a pipeline:</p>
        <CliCommand command={renderCommand(["dive", reference, "--ci"])} testId="cli-dive" />
      </div>
    </div>
  );
}
