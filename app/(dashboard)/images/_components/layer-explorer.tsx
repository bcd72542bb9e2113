"use client";

import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { errorMessage, isApiError } from "@/app/_lib/api-client";
import { useAnalysis } from "@/app/_lib/hooks/use-analysis";
import type { HistoryStep } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import { AdviceList } from "./advice-list";
import { AnalysisProgress } from "./analysis-progress";
import { EfficiencyScore } from "./efficiency-score";
import { FileTree, type RevealRequest } from "./file-tree";
import { FileViewer, type OpenedFile } from "./file-viewer";
import { comparePagePath } from "./image-compare-view";
import { LayerList } from "./layer-list";
import { LayerChip } from "./layer-marks";
import { WasteList } from "./waste-list";

/**
 * Images up to this size are analysed as soon as the page opens; a bigger one waits for the user
 * to ask, since its first analysis reads the whole image through `docker save` (the result is
 * stored, so this is a one-time cost per image).
 */
const AUTO_ANALYSE_BYTES = 1024 ** 3;

function Card({
  id,
  title,
  subtitle,
  children,
  className,
  testId,
}: {
  id?: string;
  title: string;
  subtitle?: string;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section
      id={id}
      data-testid={testId}
      aria-label={title}
      className={`min-w-0 scroll-mt-20 overflow-hidden rounded-lg border border-slate-200 bg-white ${className ?? ""}`}
    >
      <div className="border-b border-slate-200 px-4 py-3">
        <h3 className="text-sm font-semibold">{title}</h3>
        {subtitle ? <p className="text-xs text-slate-500">{subtitle}</p> : null}
      </div>
      {children}
    </section>
  );
}

/**
 * "Compare layer N with…": another layer of this image, the one below by default, which makes the
 * comparison what this layer's step changed (by content, as a container sees it).
 */
function LayerCompareBar({ reference, layer, count }: { reference: string; layer: number; count: number }) {
  const id = useId();
  const [chosen, setChosen] = useState<{ layer: number; other: number } | null>(null);
  // A new layer picked in the list starts again from the layer below it.
  const other = chosen && chosen.layer === layer ? chosen.other : layer > 0 ? layer - 1 : Math.min(1, count - 1);
  if (count < 2) return null;
  const [before, after] = other < layer ? [other, layer] : [layer, other];
  const href = comparePagePath({ a: reference, aLayer: before, b: reference, bLayer: after });
  return (
    <div data-testid="layer-compare" className="flex flex-wrap items-center gap-2 border-t border-slate-200 px-4 py-2.5 text-xs">
      <label htmlFor={`${id}-other`} className="flex min-w-0 items-center gap-1.5 text-slate-600">
        Compare <LayerChip index={layer} /> with
      </label>
      <select
        id={`${id}-other`}
        value={String(other)}
        onChange={(event) => setChosen({ layer, other: Number(event.target.value) })}
        className="min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none"
      >
        {Array.from({ length: count }, (_, index) => index)
          .filter((index) => index !== layer)
          .map((index) => (
            <option key={index} value={String(index)}>
              layer {index}
              {index === layer - 1 ? " (below)" : index === layer + 1 ? " (above)" : ""}
            </option>
          ))}
      </select>
      <Link
        href={href}
        data-testid="layer-compare-link"
        className="inline-flex items-center rounded-md bg-sky-600 px-2.5 py-1 font-medium text-white hover:bg-sky-700"
      >
        {other === layer - 1 ? "What this step changed" : "Compare"}
      </Link>
    </div>
  );
}

/**
 * `value`, held true for two frames after it turns false: the browser picks its scroll anchor as
 * it lays out the first frame of the change, so a style that steers that choice must still be
 * there then.
 */
function useTrueForTwoFramesMore(value: boolean): boolean {
  const [held, setHeld] = useState(value);
  // Set during render (React's pattern for state derived from props): the same frame as `value`.
  if (value && !held) setHeld(true);
  useEffect(() => {
    if (value || !held) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setHeld(false));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [value, held]);
  return held;
}

/**
 * The inside of every layer: the efficiency score and what it means, advice tied to the
 * steps that cause waste, the layers beside their steps with sizes and waste as bars, a file tree
 * per layer (its own changes, or what a container sees there), and every wasted file with the
 * layer that wrote it and the one that hid it.
 */
export function LayerExplorer({
  imageId,
  reference,
  imageSize,
  history,
}: {
  /** The image ID: the analysis of an ID never changes, while a tag may move. */
  imageId: string;
  /** What the user calls the image, for the CLI lines. */
  reference: string;
  imageSize: number;
  history: readonly HistoryStep[];
}) {
  const [asked, setAsked] = useState(false);
  const run = asked || imageSize <= AUTO_ANALYSE_BYTES;
  const { data: analysis, error, progress, mutate, isValidating } = useAnalysis(run ? imageId : null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [opened, setOpened] = useState<OpenedFile | null>(null);

  const top = analysis ? analysis.layers.length - 1 : 0;
  const layer = chosen !== null && analysis && chosen <= top ? chosen : top;

  const showTree = () => document.getElementById("file-tree")?.scrollIntoView({ behavior: "smooth", block: "start" });
  const selectLayer = (index: number, scroll = false) => {
    setChosen(index);
    setReveal(null);
    if (scroll) showTree();
  };
  const revealPath = (index: number, path: string) => {
    setChosen(index);
    setReveal((current) => ({ layer: index, path, nonce: (current?.nonce ?? 0) + 1 }));
    showTree();
  };

  let body: React.ReactNode;
  if (!run) {
    body = (
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm text-slate-700">
          This image is {formatBytes(imageSize)}. Its first analysis reads all of it through <span className="font-mono">docker save</span>;
          the result is kept, so this happens once.
        </p>
        <Button variant="primary" className="mt-3" onClick={() => setAsked(true)}>
          Analyse layers
        </Button>
      </div>
    );
  } else if (!analysis && error) {
    body = (
      <Notice tone="error" title="Cannot analyse this image" testId="analysis-error">
        <p>{errorMessage(error)}</p>
        {!isApiError(error) || error.status >= 500 || error.status === 0 ? (
          <Button size="sm" className="mt-2" onClick={() => void mutate()} disabled={isValidating}>
            Try again
          </Button>
        ) : null}
      </Notice>
    );
  } else if (!analysis) {
    body = (
      <div className="rounded-lg border border-slate-200 bg-white">
        <AnalysisProgress progress={progress} imageSize={imageSize} reference={reference} />
      </div>
    );
  } else {
    body = (
      <>
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
          <Card title="Efficiency" testId="explorer-efficiency">
            <EfficiencyScore analysis={analysis} reference={reference} />
          </Card>
          <Card title="Advice" subtitle="What to change in the Dockerfile, biggest saving first." testId="explorer-advice">
            <AdviceList analysis={analysis} history={history} onSelectLayer={(index) => selectLayer(index, true)} />
          </Card>
          <Card
            title="Layers"
            subtitle="Base first, beside the step that made each. Bars: stored bytes; red hatching: bytes no container sees."
            testId="explorer-layer-card"
          >
            <LayerList analysis={analysis} history={history} selected={layer} onSelect={(index) => selectLayer(index)} />
            <LayerCompareBar reference={reference} layer={layer} count={analysis.layers.length} />
          </Card>
          <Card id="file-tree" title="Files" subtitle="What the chosen layer added, changed and deleted, or what a container sees there.">
            <FileTree
              imageId={imageId}
              analysis={analysis}
              history={history}
              layer={layer}
              onLayerChange={(index) => selectLayer(index)}
              reveal={reveal}
              onRevealDone={() => setReveal(null)}
              onOpenFile={(entry, at, view) => setOpened({ entry, layer: at, view })}
            />
          </Card>
        </div>
        <Card
          title="Wasted files"
          subtitle="Stored file versions no container can see, biggest first: the layer that wrote each and the layer that hid it."
          testId="explorer-waste"
        >
          <WasteList analysis={analysis} history={history} onReveal={revealPath} />
        </Card>
        {opened ? (
          <FileViewer
            key={`${opened.layer}:${opened.view}:${opened.entry.path}`}
            imageId={imageId}
            file={opened}
            onClose={() => setOpened(null)}
          />
        ) : null}
      </>
    );
  }

  // While it analyses, the explorer is a short progress panel that becomes several screens of
  // cards when the result comes. Left out of the browser's scroll anchoring meanwhile, what the
  // reader sees below it (the history, its Launch links) stays where it is as it grows, instead
  // of moving down under a pointer about to click.
  const analysing = run && !analysis && !error;
  const outOfAnchoring = useTrueForTwoFramesMore(analysing);
  return (
    <section
      id="explorer"
      aria-labelledby="explorer-title"
      data-testid="layer-explorer"
      data-analysing={analysing || undefined}
      className={`scroll-mt-20 space-y-4 ${outOfAnchoring ? "[overflow-anchor:none]" : ""}`}
    >
      <div>
        <h2 id="explorer-title" className="text-base font-semibold">
          Layer explorer
        </h2>
        <p className="text-xs text-slate-500">
          Inside every layer: what each step wrote, what no container ever sees (a file deleted or overwritten by a later step still costs
          its full size), and the Dockerfile change that avoids it.
        </p>
      </div>
      {body}
    </section>
  );
}
