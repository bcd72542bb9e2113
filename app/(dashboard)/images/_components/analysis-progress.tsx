import { CliCommand } from "@/app/_components/cli-command";
import { ProgressBar } from "@/app/_components/progress";
import { renderCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { formatDuration } from "@/lib/format/time";
import type { AnalysisProgressLine } from "@/lib/layers/types";

/**
 * The first analysis of an image, as it runs. Before the first byte the engine is still building
 * the `docker save` archive (Docker 20.10 exports every layer to a temporary directory first, most
 * of the time for a small image): that phase is shown as what it is, with its time, not as 0 %.
 * Then bytes read of about the image's size (the archive is a little larger: tar headers, so the
 * bar stops short of full until the end), and layer by layer.
 */
export function AnalysisProgress({
  progress,
  imageSize,
  reference,
}: {
  progress: AnalysisProgressLine | null;
  imageSize: number;
  reference: string;
}) {
  const phase = progress?.phase ?? "preparing";
  const total = progress?.totalBytes ?? imageSize;
  const read = progress?.bytesRead ?? 0;
  const fraction = phase === "preparing" ? null : phase === "reading" ? Math.min(0.99, total > 0 ? read / total : 0) : 1;
  const layersTotal = progress?.layersTotal;
  const layer = progress?.layer ?? null;
  const steps = [
    { id: "preparing", label: "Engine prepares the archive" },
    { id: "reading", label: "Reading layers" },
    { id: "computing", label: "Counting waste and advice" },
  ] as const;
  const order = ["preparing", "reading", "computing", "done"];
  const at = order.indexOf(phase);

  return (
    <div data-testid="analysis-progress" data-phase={phase} className="space-y-4 p-4" aria-live="polite">
      <ol className="flex flex-wrap gap-x-6 gap-y-1 text-xs">
        {steps.map((step, index) => (
          <li
            key={step.id}
            className={index < at ? "text-emerald-700" : index === at ? "font-semibold text-slate-900" : "text-slate-400"}
            aria-current={index === at ? "step" : undefined}
          >
            {index < at ? "✓ " : `${index + 1}. `}
            {step.label}
          </li>
        ))}
      </ol>

      {phase === "preparing" ? (
        <div className="space-y-1.5">
          <p data-testid="analysis-preparing" className="text-sm text-slate-700">
            The engine is preparing the archive: <span className="font-mono">docker save</span> copies every layer aside before it sends the
            first byte{progress ? ` (${formatDuration(progress.elapsedMs)} so far)` : ""}.
          </p>
          <ProgressBar fraction={null} label="Engine preparing the archive" />
        </div>
      ) : (
        <div className="space-y-1.5">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span className="text-slate-700">
              {phase === "reading" ? "Reading the archive" : "Archive read; counting waste and writing advice"}
              {progress?.preparingMs ? (
                <span className="text-xs text-slate-500"> · the engine took {formatDuration(progress.preparingMs)} to prepare it</span>
              ) : null}
            </span>
            <span data-testid="analysis-bytes" className="text-xs text-slate-500 tabular-nums">
              {formatBytes(read)} of {formatBytes(total)}
            </span>
          </div>
          <ProgressBar fraction={fraction} tone={phase === "reading" ? "active" : "done"} label="Bytes read of the image's size" />
        </div>
      )}

      {progress && phase !== "preparing" ? (
        <div className="space-y-1.5 rounded-md border border-slate-200 px-3 py-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-600">
            <span>
              Layers read: <span className="font-semibold tabular-nums">{progress.layersDone}</span>
              {layersTotal ? ` of ${layersTotal}` : ""}
              {progress.layersSkipped ? ` · ${progress.layersSkipped} already known from another image (skipped)` : ""}
            </span>
            {layer ? (
              <span className="font-mono text-[11px] text-slate-500 tabular-nums">
                {layer.key.length > 24 ? `${layer.key.slice(0, 20)}…` : layer.key}: {formatBytes(layer.bytesRead)} /{" "}
                {formatBytes(layer.blobBytes)}
              </span>
            ) : null}
          </div>
          {layersTotal ? (
            <div className="flex gap-1" aria-hidden>
              {Array.from({ length: layersTotal }, (_, index) => (
                <span
                  key={index}
                  className={`h-1.5 flex-1 rounded-full ${
                    index < progress.layersDone ? "bg-emerald-500" : index === progress.layersDone && layer ? "bg-sky-400" : "bg-slate-200"
                  }`}
                />
              ))}
            </div>
          ) : null}
          {layer ? <ProgressBar fraction={layer.blobBytes > 0 ? layer.bytesRead / layer.blobBytes : null} label="Current layer" /> : null}
        </div>
      ) : null}

      <div className="space-y-1">
        <p className="text-xs text-slate-500">
          What is being read: the image as <span className="font-mono">docker save</span> streams it, each layer&apos;s tar parsed on the
          way (nothing is written to disk). The result is kept, so the next visit is instant.
        </p>
        <CliCommand command={`${renderCommand(["docker", "save", reference])} | tar -t`} testId="cli-save" />
      </div>
    </div>
  );
}
