"use client";

import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { errorMessage } from "@/app/_lib/api-client";
import { useDiskUsage } from "@/app/_lib/hooks/use-disk-usage";
import type { DiskUsage, SystemDfStatus } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";
import { formatDuration } from "@/lib/format/time";

/** The four kinds of disk use, their figures, and one bar of what each takes. */
export function DiskUsagePanel() {
  const { data, error } = useDiskUsage();
  return (
    <section aria-labelledby="disk-usage-title" data-testid="disk-usage" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="disk-usage-title" className="text-lg font-semibold">
          Disk usage
        </h2>
        {data ? <SystemDfState status={data.systemDf} /> : null}
      </div>
      {error ? (
        <Notice tone="error" title="Cannot read the disk usage">
          {errorMessage(error)}
        </Notice>
      ) : null}
      {data ? (
        <>
          <UsageFigures usage={data} />
          <CategoryBar usage={data} />
        </>
      ) : error ? null : (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-500">Loading disk usage…</p>
      )}
    </section>
  );
}

/** Where the background `docker system df` is: it only adds volume and build-cache sizes. */
function SystemDfState({ status }: { status: SystemDfStatus }) {
  const label =
    status.state === "computing"
      ? "computing…"
      : status.state === "ready" || status.result
        ? "ready"
        : status.error
          ? "failed"
          : "not run yet";
  return (
    <p data-testid="system-df-state" data-state={status.state} className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
      <span className="font-mono">docker system df</span>
      <Badge tone={status.state === "computing" ? "blue" : status.error ? "red" : status.result ? "green" : "gray"}>{label}</Badge>
      {status.state === "computing" && status.startedAt ? (
        <span>
          started <RelativeTime time={status.startedAt} />; the figures below do not wait for it
        </span>
      ) : status.finishedAt && status.result ? (
        <span>
          finished <RelativeTime time={status.finishedAt} />
          {status.durationMs !== null ? ` in ${formatDuration(status.durationMs)}` : ""}
        </span>
      ) : null}
      {status.error ? <span className="text-red-700">{status.error}</span> : null}
    </p>
  );
}

function UsageFigures({ usage }: { usage: DiskUsage }) {
  const { images, containers, volumes, buildCache, systemDf } = usage;
  const measuring = systemDf.state === "computing" ? "measuring…" : "not measured yet";
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Card
        title="Images"
        value={formatBytes(images.totalBytes)}
        testId="usage-images"
        facts={[
          [`${images.count} ${images.count === 1 ? "image" : "images"}`, "each layer counted once"],
          ["unique", formatBytes(images.uniqueBytes)],
          ["shared", formatBytes(images.sharedBytes)],
          [`dangling (${images.danglingCount})`, `frees ${formatBytes(images.danglingBytes)}`],
          [`unused (${images.unusedCount})`, `frees ${formatBytes(images.unusedBytes)}`],
        ]}
      />
      <Card
        title="Containers"
        value={formatBytes(containers.writableBytes)}
        testId="usage-containers"
        facts={[
          [`${containers.count} ${containers.count === 1 ? "container" : "containers"}`, `${containers.runningCount} running`],
          ["writable layers", formatBytes(containers.writableBytes)],
          [`stopped (${containers.stoppedCount})`, formatBytes(containers.stoppedWritableBytes)],
        ]}
      />
      <Card
        title="Volumes"
        value={volumes.totalBytes === null ? measuring : formatBytes(volumes.totalBytes)}
        testId="usage-volumes"
        facts={[
          [`${volumes.count} ${volumes.count === 1 ? "volume" : "volumes"}`, "local volumes measured"],
          [
            `dangling (${volumes.danglingCount})`,
            volumes.danglingBytes === null ? measuring : `${formatBytes(volumes.danglingBytes)}, data no container mounts`,
          ],
        ]}
      />
      <Card
        title="Build cache"
        value={buildCache.totalBytes === null ? measuring : formatBytes(buildCache.totalBytes)}
        testId="usage-build-cache"
        facts={[
          ["intermediate images", `${buildCache.intermediateImageCount} (classic builder steps)`],
          ["BuildKit reclaimable", buildCache.reclaimableBytes === null ? measuring : formatBytes(buildCache.reclaimableBytes)],
        ]}
      />
    </div>
  );
}

function Card({ title, value, facts, testId }: { title: string; value: string; facts: [string, string][]; testId: string }) {
  return (
    <section data-testid={testId} className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <h3 className="text-xs font-medium text-slate-500">{title}</h3>
      <p data-testid={`${testId}-value`} className="mt-0.5 text-xl font-semibold tabular-nums">
        {value}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {facts.map(([term, detail]) => (
          <div key={term} className="contents">
            <dt className="text-slate-500">{term}</dt>
            <dd className="min-w-0 text-right break-words text-slate-700 tabular-nums">{detail}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const SEGMENTS = [
  { key: "images", label: "Images", color: "bg-sky-500" },
  { key: "containers", label: "Containers (writable layers)", color: "bg-violet-500" },
  { key: "volumes", label: "Volumes", color: "bg-amber-500" },
  { key: "buildCache", label: "Build cache", color: "bg-slate-500" },
] as const;

/** One bar: each category's share of what the engine's storage holds (unknown ones left out and said). */
function CategoryBar({ usage }: { usage: DiskUsage }) {
  const sizes = {
    images: usage.images.totalBytes,
    containers: usage.containers.writableBytes,
    volumes: usage.volumes.totalBytes,
    buildCache: usage.buildCache.totalBytes,
  };
  const total = SEGMENTS.reduce((sum, segment) => sum + (sizes[segment.key] ?? 0), 0);
  const unknown = SEGMENTS.filter((segment) => sizes[segment.key] === null);
  return (
    <section
      data-testid="usage-bar"
      aria-label="What each category takes"
      className="rounded-lg border border-slate-200 bg-white px-4 py-3"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-xs font-medium text-slate-500">What each category takes</h3>
        <p className="text-sm font-semibold tabular-nums" data-testid="usage-bar-total">
          {formatBytes(total)}
          {unknown.length ? <span className="font-normal text-slate-500"> + not yet measured</span> : null}
        </p>
      </div>
      <div className="mt-2 flex h-4 overflow-hidden rounded-full bg-slate-100" role="img" aria-label={barDescription(sizes, total)}>
        {SEGMENTS.map((segment) => {
          const size = sizes[segment.key] ?? 0;
          return size > 0 && total > 0 ? (
            <div
              key={segment.key}
              className={clsx("h-full border-r border-white last:border-r-0", segment.color)}
              style={{ width: `${(size / total) * 100}%` }}
              title={`${segment.label}: ${formatBytes(size)}`}
            />
          ) : null;
        })}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {SEGMENTS.map((segment) => {
          const size = sizes[segment.key];
          return (
            <li key={segment.key} data-testid="usage-bar-entry" data-category={segment.key} className="flex items-center gap-1.5">
              <span className={clsx("size-2.5 rounded-sm", segment.color)} aria-hidden />
              {segment.label}{" "}
              <span className="font-medium text-slate-800 tabular-nums">
                {size === null ? "—" : `${formatBytes(size)} (${total > 0 ? Math.round((size / total) * 100) : 0}%)`}
              </span>
            </li>
          );
        })}
      </ul>
      {unknown.length ? (
        <p className="mt-1 text-xs text-slate-500">
          {unknown.map((segment) => segment.label).join(" and ")}: sizes come from <span className="font-mono">docker system df</span>,
          which walks every file and runs in the background.
        </p>
      ) : null}
      <div className="mt-3 max-w-md">
        <CliCommand command="docker system df -v" wrap />
      </div>
    </section>
  );
}

function barDescription(sizes: Record<(typeof SEGMENTS)[number]["key"], number | null>, total: number): string {
  return SEGMENTS.map((segment) => `${segment.label} ${sizes[segment.key] === null ? "not measured" : formatBytes(sizes[segment.key]!)}`)
    .concat(`total ${formatBytes(total)}`)
    .join(", ");
}
