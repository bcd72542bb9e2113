"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/app/_components/badge";
import { ListTable } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import type { AlignmentInfo, HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import { shortDigest, zeroByteLayerReason } from "@/lib/format/image";
import { launchPath } from "@/app/(dashboard)/containers/new/_components/launch-path";
import { InstructionText } from "./instruction-text";

const ALIGNMENT_SOURCE: Record<AlignmentInfo["source"], string> = {
  config: "the image config's history (each step says whether it made a layer)",
  "intermediate-images": "the intermediate build images on this engine",
  sizes: "matching step sizes to layer sizes (a best guess)",
  unknown: "nothing reliable: the layer of each step is not known",
};

/** `docker history`, with each step tied to the layer it produced (or to none). */
export function HistoryTable({ history, alignment }: { history: HistoryStep[]; alignment: AlignmentInfo }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const steps = history.map((step, index) => ({ step, index }));
  if (newestFirst) steps.reverse();

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 px-4 py-2">
        <div role="group" aria-label="Order" className="inline-flex rounded-md bg-slate-100 p-0.5 text-xs">
          {[true, false].map((value) => (
            <button
              key={String(value)}
              type="button"
              aria-pressed={newestFirst === value}
              onClick={() => setNewestFirst(value)}
              className={clsx(
                "rounded px-2.5 py-1 font-medium",
                newestFirst === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
              )}
            >
              {value ? "Newest first" : "Oldest first"}
            </button>
          ))}
        </div>
        <p className="text-xs text-slate-500">
          Steps without an ID print <code className="font-mono">{"<missing>"}</code> in <code className="font-mono">docker history</code>:
          they were built elsewhere or loaded, so no intermediate image exists locally. Their layers are still known.
        </p>
      </div>
      <ListTable
        label="History"
        columns={[
          "Layer",
          "Instruction",
          { label: "Size", align: "right" },
          { label: "Created", hideBelow: "xl" },
          { label: "Step ID", hideBelow: "md" },
          { label: "Comment", hideBelow: "lg" },
        ]}
        framed={false}
      >
        {steps.map(({ step, index }) => (
          <tr
            key={index}
            // The layer explorer's advice links here (layer-marks.tsx: stepAnchor).
            id={`step-${index}`}
            data-testid="history-step"
            data-step-index={index}
            className={clsx("scroll-mt-20 target:bg-amber-50", step.emptyLayer && "bg-slate-50/40")}
          >
            <td className="py-2 pr-3 pl-4 align-top sm:whitespace-nowrap">
              <LayerCell step={step} />
            </td>
            <td className="max-w-[36rem] px-3 py-2 align-top" title={step.createdBy || "(no CreatedBy recorded)"}>
              {/* Break at spaces: a word split in two ("count=2" as "count=" / "2") misreads. */}
              <div className="line-clamp-2 text-[13px] break-words max-sm:[overflow-wrap:anywhere]">
                <InstructionText instruction={step.instruction} keyword={step.keyword} />
              </div>
              {step.tags.length ? (
                <div className="mt-1 flex flex-wrap gap-1">
                  {step.tags.map((tag) => (
                    <Badge key={tag} tone="blue">
                      {tag}
                    </Badge>
                  ))}
                </div>
              ) : null}
            </td>
            <td
              className={clsx(
                "px-3 py-2 text-right align-top whitespace-nowrap tabular-nums",
                step.size ? "font-medium" : "text-slate-400",
              )}
            >
              {formatBytes(step.size)}
            </td>
            <td className="px-3 py-2 align-top whitespace-nowrap text-slate-600">
              <RelativeTime time={step.created} />
            </td>
            <td className="px-3 py-2 align-top font-mono text-xs whitespace-nowrap">
              {step.id ? <span title={step.id}>{shortDigest(step.id)}</span> : <span className="text-slate-400">{"<missing>"}</span>}
            </td>
            <td className="px-3 py-2 align-top text-xs text-slate-500">{step.comment}</td>
            <td className="px-3 py-2 pr-4 text-right align-top whitespace-nowrap">
              {/* Classic builds keep each step's image: running one shows the filesystem as it was after that step. */}
              {canLaunchStep(step) ? (
                <Link
                  href={launchPath(step.id)}
                  aria-label={`Launch a container from step ${shortDigest(step.id)}`}
                  title="Run a container from the image this step produced"
                  className="rounded px-2 py-1 text-xs font-medium text-sky-700 hover:bg-sky-50 hover:underline"
                >
                  Launch
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </ListTable>
      <p data-testid="alignment" className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
        Step ↔ layer mapping from {ALIGNMENT_SOURCE[alignment.source]}.
        {alignment.note ? <span className="ml-1 text-amber-700">{alignment.note}</span> : null}
      </p>
    </div>
  );
}

/**
 * Whether a step has an image to run: only a step with its own image ID on this engine (classic
 * builds keep one per step). A `<missing>` step, metadata-only or not, has nothing to launch.
 */
function canLaunchStep(step: HistoryStep): step is HistoryStep & { id: string } {
  return typeof step.id === "string" && step.id !== "" && step.id !== "<missing>";
}

function LayerCell({ step }: { step: HistoryStep }) {
  if (step.layerIndex !== null) {
    return (
      <div>
        <div className="flex items-center gap-1.5">
          <span className="rounded bg-sky-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-sky-800">L{step.layerIndex}</span>
          {step.diffId ? (
            <span className="hidden font-mono text-xs text-slate-500 sm:inline" title={step.diffId}>
              {shortDigest(step.diffId)}
            </span>
          ) : null}
        </div>
        {step.size === 0 ? (
          <div className="mt-1" data-testid="zero-byte-layer">
            <Badge tone="amber" title="The layer exists but adds no file bytes">
              0 B layer
            </Badge>
            <p className="mt-0.5 text-[11px] whitespace-normal text-slate-500">{zeroByteLayerReason(step.keyword)}</p>
          </div>
        ) : null}
      </div>
    );
  }
  if (step.emptyLayer) return <span className="text-xs text-slate-400 italic">no layer (metadata only)</span>;
  return <span className="text-xs text-amber-700">layer unknown</span>;
}
