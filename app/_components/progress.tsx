import { clsx } from "clsx";
import { formatBytes } from "@/lib/format/bytes";
import type { LayerProgress } from "@/lib/progress/docker-progress";
import type { UploadProgress } from "@/app/_lib/api-client";

const BAR_TONES = {
  active: "bg-sky-500",
  done: "bg-emerald-500",
  skipped: "bg-slate-400",
} as const;

/** A thin horizontal bar; `fraction` null draws a moving stripe for "working, size unknown". */
export function ProgressBar({
  fraction,
  tone = "active",
  label,
}: {
  fraction: number | null;
  tone?: keyof typeof BAR_TONES;
  label?: string;
}) {
  const percent = fraction === null ? null : Math.max(0, Math.min(100, fraction * 100));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(percent)}
      className="relative h-1.5 overflow-hidden rounded-full bg-slate-200"
    >
      {percent === null ? (
        <div className={clsx("absolute inset-y-0 w-1/3 animate-pulse rounded-full opacity-60", BAR_TONES[tone])} />
      ) : (
        <div className={clsx("h-full rounded-full transition-[width] duration-200", BAR_TONES[tone])} style={{ width: `${percent}%` }} />
      )}
    </div>
  );
}

// Statuses that finish a layer without moving its bytes: the registry or the engine had it.
const SKIPPED = /^(Already exists|Layer already exists|Mounted from .*)$/;
const MEASURED = /^(Downloading|Extracting|Pushing|Uploading)$/;

/**
 * The sentence a layer row shows: the engine's status, with the bytes when it is moving some
 * ("Downloading 1.2 MB / 3.4 MB").
 *
 * @example layerStatusText({ id: "a", status: "Pushing", current: 1200000, total: 3400000, done: false }) // "Pushing 1.2 MB / 3.4 MB"
 */
export function layerStatusText(layer: LayerProgress): string {
  if (MEASURED.test(layer.status) && layer.total) return `${layer.status} ${formatBytes(layer.current)} / ${formatBytes(layer.total)}`;
  return layer.status;
}

function layerFraction(layer: LayerProgress): number | null {
  if (layer.done) return 1;
  if (layer.total) return layer.current / layer.total;
  // Waiting / Preparing / Pulling fs layer: nothing moved yet.
  return /^(Waiting|Preparing|Pulling fs layer)$/.test(layer.status) ? 0 : null;
}

/** One row per layer of a pull or push, each with its own bar and the engine's status. */
export function LayerProgressList({ layers, testId = "layer-progress" }: { layers: LayerProgress[]; testId?: string }) {
  if (layers.length === 0) return null;
  const done = layers.filter((layer) => layer.done).length;
  return (
    <div data-testid={testId}>
      <div className="mb-1.5 flex items-baseline justify-between text-xs text-slate-500">
        <span className="font-medium">Layers</span>
        <span className="tabular-nums">
          {done} of {layers.length} done
        </span>
      </div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {layers.map((layer) => {
          const skipped = SKIPPED.test(layer.status);
          return (
            <li
              key={layer.id}
              data-testid="layer-progress-row"
              data-layer-id={layer.id}
              data-done={layer.done}
              className="grid grid-cols-[7.5rem_1fr] items-center gap-x-3 gap-y-1 px-3 py-1.5"
            >
              <code className="font-mono text-xs text-slate-600">{layer.id}</code>
              <span
                data-testid="layer-status"
                className={clsx("truncate text-xs", layer.done ? (skipped ? "text-slate-500" : "text-emerald-700") : "text-slate-700")}
              >
                {layerStatusText(layer)}
              </span>
              <span aria-hidden />
              <ProgressBar
                fraction={layerFraction(layer)}
                tone={layer.done ? (skipped ? "skipped" : "done") : "active"}
                label={`Layer ${layer.id}`}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Bytes of a file sent to the server so far, as a bar with "1.2 MB / 3.4 MB (35%)". */
export function UploadBar({ progress, fileName, waiting }: { progress: UploadProgress; fileName: string; waiting: boolean }) {
  const fraction = progress.total > 0 ? progress.sent / progress.total : null;
  // Floor, so 100% shows only once every byte is sent.
  const percent = fraction === null ? 0 : Math.floor(fraction * 100);
  return (
    <div data-testid="upload-progress" className="space-y-1.5 rounded-md border border-slate-200 px-3 py-2.5">
      <div className="flex items-baseline justify-between gap-3 text-xs">
        <span className="min-w-0 truncate font-medium text-slate-700">
          {progress.done ? "Uploaded" : "Uploading"} <span className="font-mono">{fileName}</span>
        </span>
        <span data-testid="upload-bytes" className="shrink-0 text-slate-500 tabular-nums">
          {formatBytes(progress.sent)} / {formatBytes(progress.total)} ({percent}%)
        </span>
      </div>
      <ProgressBar fraction={fraction} tone={progress.done ? "done" : "active"} label="Upload" />
      {progress.done && waiting ? <p className="text-xs text-slate-500">Uploaded; the engine is processing the archive…</p> : null}
    </div>
  );
}
