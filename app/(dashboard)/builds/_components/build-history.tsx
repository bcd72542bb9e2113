"use client";

import Link from "next/link";
import { ListTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { useBuilds } from "@/app/_lib/hooks/use-builds";
import { formatDuration } from "@/lib/format/time";
import { cacheHitsText, OutcomeBadge } from "./build-parts";

/** The build path of a stored build. */
export function buildPath(id: string): string {
  return `/builds/${encodeURIComponent(id)}`;
}

/** Every stored build, newest first: who, when, outcome, tags, duration, cache hits; each opens its page. */
export function BuildHistory() {
  const { data, error, isLoading } = useBuilds();
  const builds = data?.builds ?? [];
  return (
    <section aria-labelledby="build-history-title" className="space-y-2">
      <h2 id="build-history-title" className="text-lg font-semibold">
        History
      </h2>
      {error ? (
        <Notice tone="error" title="The build history could not be read">
          {error.message}
        </Notice>
      ) : null}
      <ListTable
        label="Build history"
        testId="build-history"
        actions={false}
        columns={[
          "Build",
          "Outcome",
          { label: "Who", hideBelow: "md" },
          { label: "When", hideBelow: "sm" },
          { label: "Duration", align: "right", hideBelow: "lg" },
          { label: "Cache hits", align: "right", hideBelow: "lg" },
        ]}
        below={
          data && builds.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-slate-500">No builds yet.</p>
          ) : isLoading ? (
            <p className="px-4 py-8 text-center text-sm text-slate-500">Loading builds…</p>
          ) : null
        }
      >
        {builds.map((build) => (
          <tr key={build.id} data-testid="build-history-row" data-build-id={build.id}>
            <td className="max-w-[32rem] py-2 pr-3 pl-4 align-top">
              <Link href={buildPath(build.id)} className="font-mono text-sm break-all text-sky-700 hover:underline">
                {build.tags.length ? build.tags.join(", ") : (build.imageId?.replace(/^sha256:/, "").slice(0, 12) ?? "untagged")}
              </Link>
              <p className="mt-0.5 truncate font-mono text-xs text-slate-400" title={build.command}>
                {build.command}
              </p>
              {/* What the hidden columns say, for narrow screens. */}
              <p className="mt-0.5 text-xs text-slate-500 lg:hidden">
                {build.actor} · <RelativeTime time={build.createdAt} />
                {build.durationMs !== null ? ` · ${formatDuration(build.durationMs)}` : ""} · cache{" "}
                {cacheHitsText(build.cacheHits, build.stepCount)}
              </p>
            </td>
            <td className="px-3 py-2 align-top">
              <OutcomeBadge outcome={build.outcome} />
            </td>
            <td className="px-3 py-2 align-top text-sm">{build.actor}</td>
            <td className="px-3 py-2 align-top text-sm whitespace-nowrap">
              <RelativeTime time={build.createdAt} />
            </td>
            <td className="px-3 py-2 text-right align-top text-sm tabular-nums">
              {build.durationMs !== null ? formatDuration(build.durationMs) : "—"}
            </td>
            <td className="px-3 py-2 text-right align-top text-sm tabular-nums" data-testid="history-cache-hits">
              {cacheHitsText(build.cacheHits, build.stepCount)}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
