"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { UploadBar } from "@/app/_components/progress";
import type { UploadProgress } from "@/app/_lib/api-client";
import type { BuildResult } from "@/lib/builds/types";
import { formatDuration } from "@/lib/format/time";
import { imagePath } from "@/lib/format/image";
import type { LiveBuild, LiveStep } from "../_lib/build-steps";

/** `/containers/new?image=ID`: run a container from a step's image to look around in it. */
export function launchPath(imageId: string): string {
  return `/containers/new?image=${encodeURIComponent(imageId)}`;
}

/** A step's image: its ID opening the image page, and a Launch link to the container form. */
export function StepImage({ imageId, testId = "step-image" }: { imageId: string; testId?: string }) {
  return (
    <span className="inline-flex items-center gap-2" data-testid={testId}>
      <Link href={imagePath(imageId)} className="font-mono text-xs text-sky-700 hover:underline" data-testid="step-image-link">
        {imageId.slice(0, 12)}
      </Link>
      <Link
        href={launchPath(imageId)}
        className="rounded px-1.5 py-0.5 text-xs font-medium text-sky-700 ring-1 ring-sky-200 ring-inset hover:bg-sky-50"
        data-testid="step-launch"
        aria-label={`Launch a container from ${imageId.slice(0, 12)}`}
      >
        Launch
      </Link>
    </span>
  );
}

/** Whether a step's result came from the cache, as a badge; a miss says why where the history knows. */
function CacheBadge({ step }: { step: LiveStep }) {
  if (step.state === "failed") return <Badge tone="red">failed</Badge>;
  if (step.state === "running") return <Badge tone="blue">running…</Badge>;
  if (step.state === "stopped") return <Badge tone="gray">stopped</Badge>;
  if (step.cached) return <Badge tone="green">cache hit</Badge>;
  if (step.index === 0) return <Badge tone="gray">base image</Badge>;
  return (
    <Badge tone="amber" title={step.cacheMiss?.message}>
      {step.cacheMiss ? "cache miss" : "ran"}
    </Badge>
  );
}

/** One step: number, instruction, cache, duration, image with Launch, and its output folded away. */
export function StepRow({ step, total }: { step: LiveStep; total: number | null }) {
  const failed = step.state === "failed";
  const miss = step.cached ? null : step.cacheMiss;
  return (
    <li
      data-testid="build-step"
      data-index={step.index}
      data-state={step.state}
      data-cached={step.cached === null ? undefined : String(step.cached)}
      className={clsx("rounded-md border px-3 py-2", failed ? "border-red-300 bg-red-50/50" : "border-slate-200 bg-white")}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5">
        <span className="shrink-0 text-xs font-medium text-slate-500 tabular-nums">
          Step {step.index}
          {total !== null ? ` / ${total - 1}` : ""}
        </span>
        <code data-testid="step-instruction" className="min-w-0 flex-1 basis-60 font-mono text-[13px] break-all text-slate-800">
          {step.instruction}
        </code>
        <CacheBadge step={step} />
        <span className="shrink-0 text-xs text-slate-500 tabular-nums" data-testid="step-duration">
          {step.durationMs !== null ? formatDuration(step.durationMs) : ""}
        </span>
        {step.imageId ? <StepImage imageId={step.imageId} /> : null}
      </div>
      {miss ? (
        <p className="mt-1 text-xs break-words text-amber-800" data-testid="step-miss-reason" data-reason={miss.reason}>
          {miss.message}
          {miss.files?.length ? (
            <span className="font-mono">
              {" "}
              ({miss.files.slice(0, 5).join(", ")}
              {miss.files.length > 5 ? ", …" : ""})
            </span>
          ) : null}
        </p>
      ) : null}
      {step.output.length > 0 ? (
        <details className="mt-1.5" open={failed}>
          <summary className="cursor-pointer text-xs text-slate-500 select-none">
            Output ({step.output.length} line{step.output.length === 1 ? "" : "s"})
          </summary>
          <pre
            data-testid="step-output"
            className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-slate-100"
          >
            {step.output.join("\n")}
          </pre>
        </details>
      ) : null}
    </li>
  );
}

/** Time per step as horizontal bars (cache hits green, steps that ran blue), longest = full width. */
export function StepTimes({ steps }: { steps: readonly LiveStep[] }) {
  const longest = Math.max(1, ...steps.map((step) => step.durationMs ?? 0));
  return (
    <figure data-testid="step-times" className="space-y-1.5">
      <figcaption className="text-xs font-medium text-slate-600">Time per step</figcaption>
      <ul className="space-y-1">
        {steps.map((step) => (
          <li key={step.index} className="grid grid-cols-[3.5rem_minmax(0,1fr)_4.5rem] items-center gap-2 text-xs">
            <span className="text-slate-500 tabular-nums">Step {step.index}</span>
            <span className="h-3 rounded bg-slate-100" title={step.instruction}>
              <span
                data-testid="step-time-bar"
                className={clsx(
                  "block h-3 rounded",
                  step.state === "failed" ? "bg-red-400" : step.cached ? "bg-emerald-400" : "bg-sky-500",
                )}
                style={{ width: `${Math.max(1, ((step.durationMs ?? 0) / longest) * 100)}%` }}
              />
            </span>
            <span className="text-right text-slate-600 tabular-nums">{formatDuration(step.durationMs ?? 0)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span className="tabular-nums">{formatDuration(Math.max(0, now - since))}</span>;
}

export type BuildRunView = {
  phase: "running" | "done" | "failed" | "cancelled";
  /** The stored build, once the server has named it. */
  id: string | null;
  startedAt: number;
  live: LiveBuild;
  steps: LiveStep[];
  result: BuildResult | null;
  error: string | null;
  lastImageId: string | null;
  upload: UploadProgress | null;
  uploadName: string | null;
  /** Cancel was asked for and the build has not stopped yet. */
  cancelling: boolean;
};

/** The build as it runs and after: live steps, Cancel, then the summary or the failure with its last good step. */
export function BuildRun({ run, onCancel }: { run: BuildRunView; onCancel: () => void }) {
  const { phase, steps, result, live } = run;
  const failedStep = steps.find((step) => step.state === "failed") ?? null;
  const cacheHits = steps.filter((step) => step.cached).length;
  // A new build brings its steps into view: below the form, they would start off screen.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    section.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [run.startedAt]);
  return (
    <section ref={section} aria-labelledby="build-run-title" data-testid="build-run" data-phase={phase} className="scroll-mt-20 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="build-run-title" className="text-lg font-semibold">
          {phase === "running" ? "Building…" : phase === "done" ? "Built" : phase === "cancelled" ? "Build cancelled" : "Build failed"}
        </h2>
        {phase === "running" ? (
          <div className="flex items-center gap-3 text-sm text-slate-500">
            <span data-testid="build-progress">
              {live.total !== null ? `step ${Math.max(0, steps.at(-1)?.index ?? 0)} of ${live.total - 1} · ` : ""}
              <Elapsed since={run.startedAt} />
            </span>
            <Button variant="danger" size="sm" onClick={onCancel} disabled={run.cancelling} data-testid="build-cancel">
              {run.cancelling ? "Cancelling…" : "Cancel"}
            </Button>
          </div>
        ) : null}
      </div>

      {run.id && phase !== "running" ? (
        <p className="text-xs text-slate-500">
          Kept in the history as{" "}
          <Link
            href={`/builds/${encodeURIComponent(run.id)}`}
            className="font-mono text-sky-700 hover:underline"
            data-testid="build-record-link"
          >
            {run.id}
          </Link>
          .
        </p>
      ) : null}

      {run.upload && run.uploadName && !(run.upload.done && steps.length > 0) ? (
        <UploadBar progress={run.upload} fileName={run.uploadName} waiting={phase === "running"} />
      ) : null}

      {phase === "done" && result ? (
        <div data-testid="build-summary" className="grid gap-4 rounded-lg border border-emerald-200 bg-emerald-50/40 p-4 lg:grid-cols-2">
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-slate-500">Image</dt>
            <dd>
              <StepImage imageId={result.imageId.replace(/^sha256:/, "")} testId="build-image" />
            </dd>
            <dt className="text-slate-500">Tags</dt>
            <dd className="font-mono text-xs break-all" data-testid="build-tags">
              {result.tags.length ? result.tags.join(", ") : "none (only the ID)"}
            </dd>
            <dt className="text-slate-500">Total time</dt>
            <dd data-testid="build-duration">{formatDuration(result.durationMs)}</dd>
            <dt className="text-slate-500">Cache hits</dt>
            <dd data-testid="build-cache-hits">
              {result.cacheHits} / {result.steps.length} steps
            </dd>
            {result.warnings.length ? (
              <>
                <dt className="text-slate-500">Warnings</dt>
                <dd className="text-xs text-amber-800">{result.warnings.join(" · ")}</dd>
              </>
            ) : null}
          </dl>
          <StepTimes steps={steps} />
        </div>
      ) : null}

      {phase === "failed" ? (
        <Notice tone="error" title={failedStep ? `Step ${failedStep.index} failed` : "The build failed"} testId="build-error">
          <p className="break-words">{run.error}</p>
          {run.lastImageId ? (
            <div className="mt-2 flex flex-wrap items-center gap-2" data-testid="last-good-step">
              <span>Last good step&apos;s image:</span>
              <StepImage imageId={run.lastImageId} testId="last-good-image" />
              <span className="text-xs">Launch it and run the failing command by hand to see what went wrong.</span>
            </div>
          ) : null}
        </Notice>
      ) : null}

      {phase === "cancelled" ? (
        <Notice tone="warning" title="Cancelled" testId="build-cancelled">
          The build was stopped on the engine (a classic build stops when its request closes); the running step&apos;s container was
          removed.
        </Notice>
      ) : null}

      {live.preamble.length > 0 && steps.length === 0 ? (
        <pre className="max-h-40 overflow-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-slate-100">
          {live.preamble.join("\n")}
        </pre>
      ) : null}

      {steps.length > 0 ? (
        <ol className="space-y-2" aria-label="Build steps" data-testid="build-steps">
          {steps.map((step) => (
            <StepRow key={step.index} step={step} total={live.total} />
          ))}
        </ol>
      ) : phase === "running" ? (
        <p className="text-sm text-slate-500">Sending the context to the engine…</p>
      ) : null}

      {phase !== "running" && steps.length > 0 && phase !== "done" ? (
        <p className="text-xs text-slate-500">
          {cacheHits} of {steps.length} steps came from the cache.
        </p>
      ) : null}
    </section>
  );
}
