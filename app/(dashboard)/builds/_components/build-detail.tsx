"use client";

import Link from "next/link";
import { CliCommand } from "@/app/_components/cli-command";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { api } from "@/app/_lib/api-client";
import { useBuild } from "@/app/_lib/hooks/use-builds";
import type { Role } from "@/lib/auth/roles";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { formatDuration } from "@/lib/format/time";
import { stepsOfStored } from "../_lib/build-steps";
import { cacheHitsText, OutcomeBadge } from "./build-parts";
import { BuildRun, StepImage, StepRow, StepTimes } from "./build-run";
import { buildPath } from "./build-history";
import { useBuildRun } from "./use-build-run";

/** One stored build: outcome, options as a docker line, steps with cache-miss reasons, Dockerfile, log, Rebuild. */
export function BuildDetailView({ id, role }: { id: string; role: Role }) {
  const { data: build, error, isLoading } = useBuild(id);
  const rebuild = useBuildRun();

  if (error)
    return (
      <Notice tone="error" title={error.status === 404 ? "No such build" : "The build could not be read"} testId="build-detail-error">
        {error.message}
      </Notice>
    );
  if (isLoading || !build) return <p className="text-sm text-slate-500">Loading the build…</p>;

  const failedIndex = build.outcome === "failed" ? (build.steps.find((step) => step.imageId === null)?.index ?? null) : null;
  const steps = stepsOfStored(build.steps, failedIndex);
  const title = build.tags.length ? build.tags.join(", ") : "Untagged build";
  return (
    <div className="space-y-5" data-testid="build-detail">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            <span className="font-mono break-all">{title}</span>
            <OutcomeBadge outcome={build.outcome} />
          </h1>
          <p className="text-sm text-slate-500">
            by {build.actor} · <RelativeTime time={build.createdAt} />
            {build.durationMs !== null ? ` · ${formatDuration(build.durationMs)}` : ""} · cache hits{" "}
            <span data-testid="detail-cache-hits">{cacheHitsText(build.cacheHits, build.stepCount)}</span>
          </p>
        </div>
        <RoleButton
          role={role}
          needs="operator"
          variant="primary"
          disabled={!build.rebuildable || rebuild.running || build.outcome === "running"}
          title={
            build.rebuildable
              ? "Run the same Dockerfile and options again"
              : "Its uploaded archive is no longer kept (only the newest 5, up to 512 MiB each): upload it again on the Builds page"
          }
          onClick={() => void rebuild.start({ kind: "rebuild", id: build.id })}
          data-testid="build-rebuild"
        >
          {rebuild.running ? "Rebuilding…" : "Rebuild"}
        </RoleButton>
      </div>
      <CliCommand command={build.command} testId="build-command" wrap />

      {rebuild.run ? (
        <div className="space-y-2 rounded-lg border border-sky-200 p-4">
          {rebuild.run.id && rebuild.run.id !== build.id ? (
            <p className="text-sm">
              The rebuild is stored as{" "}
              <Link href={buildPath(rebuild.run.id)} className="font-mono text-sky-700 hover:underline" data-testid="rebuild-link">
                {rebuild.run.id}
              </Link>
              .
            </p>
          ) : null}
          <BuildRun run={rebuild.run} onCancel={() => void rebuild.cancel()} />
        </div>
      ) : null}

      {build.outcome === "failed" ? (
        <Notice tone="error" title="This build failed" testId="detail-error">
          <p className="break-words">{build.error}</p>
          {build.lastImageId ? (
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <span>Last good step&apos;s image:</span>
              <StepImage imageId={build.lastImageId} testId="last-good-image" />
            </div>
          ) : null}
        </Notice>
      ) : build.imageId ? (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <span className="flex items-center gap-2">
            <span className="text-slate-500">Image</span>
            <StepImage imageId={build.imageId.replace(/^sha256:/, "")} testId="detail-image" />
          </span>
          <Link href={`${imagePath(build.imageId)}#layers`} className="text-sky-700 hover:underline" data-testid="detail-layers">
            Its layers and sizes
          </Link>
          <Link href={`${imagePath(build.imageId)}#explorer`} className="text-sky-700 hover:underline">
            What each layer holds
          </Link>
          {build.previousBuildId ? <ChangedSincePrevious previousId={build.previousBuildId} imageId={build.imageId} /> : null}
        </div>
      ) : null}

      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="build-steps-title" className="min-w-0 space-y-2">
          <h2 id="build-steps-title" className="text-lg font-semibold">
            Steps
          </h2>
          {steps.length ? (
            <ol className="space-y-2" aria-label="Build steps">
              {steps.map((step) => (
                <StepRow key={step.index} step={step} total={build.stepCount} />
              ))}
            </ol>
          ) : (
            <p className="text-sm text-slate-500">No step ran.</p>
          )}
        </section>
        <aside className="min-w-0 space-y-4">
          {steps.length ? <StepTimes steps={steps} /> : null}
          {build.dockerfile !== null ? (
            <div>
              <h2 className="mb-1 text-xs font-medium text-slate-600">Dockerfile ({build.dockerfilePath})</h2>
              <pre
                data-testid="build-dockerfile"
                className="max-h-80 overflow-auto rounded bg-slate-50 px-3 py-2 font-mono text-xs ring-1 ring-slate-200"
              >
                {build.dockerfile}
              </pre>
              {build.files.length ? <p className="mt-1 text-xs text-slate-500">With {build.files.join(", ")}</p> : null}
            </div>
          ) : null}
        </aside>
      </div>

      <section aria-labelledby="build-log-title" className="space-y-2">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="build-log-title" className="text-lg font-semibold">
            Log
          </h2>
          <a href={api.builds.logUrl(build.id)} className="text-sm text-sky-700 hover:underline">
            Whole log ({formatBytes(build.logBytes)})
          </a>
        </div>
        {build.logTruncated ? <p className="text-xs text-slate-500">Its end; the whole log is behind the link.</p> : null}
        <pre
          data-testid="build-log"
          className="max-h-[32rem] overflow-auto rounded bg-slate-900 px-3 py-2 font-mono text-xs whitespace-pre-wrap text-slate-100"
        >
          {build.log}
        </pre>
      </section>
    </div>
  );
}

/**
 * What changed since the previous build of the same tag: the files added, removed and changed
 * between the two images, on the compare page (or that it built the very same image).
 */
function ChangedSincePrevious({ previousId, imageId }: { previousId: string; imageId: string }) {
  const { data: previous } = useBuild(previousId);
  if (!previous?.imageId) return null;
  if (previous.imageId === imageId)
    return (
      <span className="text-slate-500" data-testid="detail-same-image">
        the same image as the{" "}
        <Link href={buildPath(previousId)} className="text-sky-700 hover:underline">
          previous build
        </Link>
      </span>
    );
  const search = new URLSearchParams({ a: previous.imageId, b: imageId }).toString();
  return (
    <Link href={`/images/compare?${search}`} className="text-sky-700 hover:underline" data-testid="detail-compare-previous">
      What changed since the previous build
    </Link>
  );
}
