import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import type { HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import type { AnalysisAdvice, LayerAnalysis } from "@/lib/layers/types";
import { LayerChip, StepLink } from "./layer-marks";

const RULE_LABELS: Record<AnalysisAdvice["rule"], string> = {
  "delete-in-same-step": "chain the commands",
  "package-manager-cache": "clean the cache",
  "rewritten-in-later-step": "set it while copying",
  "copied-then-removed": "do not copy it",
  "base-files-hidden": "base image files",
  "base-image-share": "a smaller base",
  "build-tools-in-final-image": "multi-stage build",
  "many-layers": "fewer layers",
};

/**
 * Advice text with its `code spans` set in monospace (the server writes Dockerfile snippets in
 * backticks, as Markdown would).
 */
export function AdviceText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="rounded bg-slate-100 px-1 font-mono text-[12px] break-all text-slate-800">
            {part}
          </code>
        ) : (
          <span key={index}>{part}</span>
        ),
      )}
    </>
  );
}

/**
 * What to change in the Dockerfile, biggest saving first: each advice names the layers (which open
 * in the file tree) and the history steps (links to their rows) it is about.
 */
export function AdviceList({
  analysis,
  history,
  onSelectLayer,
}: {
  analysis: LayerAnalysis;
  history: readonly HistoryStep[];
  onSelectLayer: (index: number) => void;
}) {
  if (analysis.advice.length === 0) {
    return (
      <p data-testid="advice-empty" className="px-4 py-6 text-sm text-slate-500">
        Nothing to advise: no file is deleted or rewritten by a later step, no package cache or build tool is left behind.
      </p>
    );
  }
  return (
    <ul data-testid="advice-list" className="divide-y divide-slate-100">
      {analysis.advice.map((advice, index) => (
        <li key={`${advice.rule}-${index}`} data-testid="advice" data-rule={advice.rule} className="px-4 py-3">
          <div className="flex flex-wrap items-start gap-2">
            {/* Paths in titles and details are long words: they wrap anywhere rather than widen the card. */}
            <p
              className={clsx(
                "min-w-0 flex-[1_1_14rem] text-sm font-semibold wrap-anywhere",
                advice.bytes > 0 ? "text-slate-900" : "text-slate-700",
              )}
            >
              <AdviceText text={advice.title} />
            </p>
            <Badge tone="blue">{RULE_LABELS[advice.rule]}</Badge>
            {advice.bytes > 0 ? (
              <Badge tone="green" title="What following the advice would save">
                saves {formatBytes(advice.bytes)}
              </Badge>
            ) : null}
          </div>
          <p className="mt-1 text-[13px] wrap-anywhere text-slate-600">
            <AdviceText text={advice.detail} />
          </p>
          <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            {advice.layers.length ? (
              <span className="flex flex-wrap items-center gap-1">
                Layers
                {[...new Set(advice.layers)].map((layer) => (
                  <button
                    key={layer}
                    type="button"
                    onClick={() => onSelectLayer(layer)}
                    aria-label={`Show the files of layer ${layer}`}
                    className="rounded hover:ring-2 hover:ring-sky-300 focus-visible:outline-2 focus-visible:outline-sky-500"
                  >
                    <LayerChip index={layer} />
                  </button>
                ))}
              </span>
            ) : null}
            {advice.steps.length ? (
              <span className="flex flex-wrap items-center gap-1.5">
                In the history
                {advice.steps.map((step) => (
                  <StepLink key={step} stepIndex={step} history={history} />
                ))}
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
