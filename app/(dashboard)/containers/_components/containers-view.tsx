"use client";

import Link from "next/link";
import { clsx } from "clsx";
import { useMemo, useState } from "react";
import { StateBadge } from "@/app/_components/badge";
import { inputClass } from "@/app/_components/field";
import { ListTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { errorMessage, isApiError } from "@/app/_lib/api-client";
import { useContainers } from "@/app/_lib/hooks/use-containers";
import type { Role } from "@/lib/auth/roles";
import { CONTAINER_FILTERS } from "@/lib/containers/schemas";
import type { ContainerFilter, ContainerList, ContainersQuery, ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { RowActions } from "./container-actions";
import { formatPorts, isLiveState } from "@/lib/containers/state";
import { containerLabel, containerPath } from "./container-format";
import { WritableLayerLegend } from "./writable-layer-legend";

const FILTER_LABELS: Record<ContainerFilter, string> = { all: "All", running: "Running", stopped: "Stopped" };

// The size cells explain themselves on hover; the legend under the table says it at length.
const SIZE_RW_HINT = "SizeRw: bytes in the container's own copy-on-write layer on top of the image's read-only layers";
const SIZE_ROOT_FS_HINT = "SizeRootFs: the writable layer plus the image's read-only layers (shared with other containers of the image)";
function matchesFilter(container: ContainerSummary, filter: ContainerFilter): boolean {
  if (filter === "all") return true;
  return (filter === "running") === isLiveState(container.state);
}

function matchesSearch(container: ContainerSummary, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [container.name, container.id, container.image, container.command, container.status, ...formatPorts(container.ports)].some(
    (text) => text.toLowerCase().includes(needle),
  );
}

function writeUrl(query: ContainersQuery): void {
  const params = new URLSearchParams();
  if (query.filter !== "all") params.set("filter", query.filter);
  if (query.q) params.set("q", query.q);
  const search = params.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

/**
 * The containers table, like `docker ps -a -s`. One SWR key for the whole list; filter and search
 * run here, so typing never waits on the engine.
 */
export function ContainersView({
  fallback,
  initialError,
  initialQuery,
  role,
}: {
  fallback: ContainerList | null;
  initialError: string | null;
  initialQuery: ContainersQuery;
  role: Role;
}) {
  const { data, error, isValidating } = useContainers({ fallbackData: fallback ?? undefined });
  const [query, setQueryState] = useState<ContainersQuery>(initialQuery);
  const setQuery = (patch: Partial<ContainersQuery>) => {
    setQueryState((current) => {
      const next = { ...current, ...patch };
      writeUrl(next);
      return next;
    });
  };

  const containers = useMemo(() => [...(data?.containers ?? [])].sort((a, b) => b.created.localeCompare(a.created)), [data]);
  const rows = useMemo(
    () => containers.filter((container) => matchesFilter(container, query.filter) && matchesSearch(container, query.q)),
    [containers, query],
  );
  const problem = error ? errorMessage(error) : data ? null : initialError;
  const engineDown = (isApiError(error) && error.status === 503) || (!data && initialError !== null);

  return (
    <div className="space-y-5">
      {problem ? (
        <Notice
          tone="error"
          title={engineDown ? "Cannot list containers: the Docker engine is not reachable" : "Cannot list containers"}
          testId="containers-error"
        >
          <p>{problem}</p>
          <p className="mt-1 text-xs">{data ? "Showing the last list received. " : null}This page retries on its own.</p>
        </Notice>
      ) : null}

      {data || !problem ? (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <div
              data-testid="containers-filter"
              role="group"
              aria-label="Filter containers"
              className="inline-flex rounded-md bg-slate-200/60 p-0.5"
            >
              {CONTAINER_FILTERS.map((value) => {
                const active = query.filter === value;
                const count = data ? containers.filter((container) => matchesFilter(container, value)).length : null;
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={active}
                    aria-label={count === null ? FILTER_LABELS[value] : `${FILTER_LABELS[value]} (${count})`}
                    onClick={() => setQuery({ filter: value })}
                    className={clsx(
                      "rounded px-3 py-1 text-sm font-medium transition-colors",
                      active ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                    )}
                  >
                    {FILTER_LABELS[value]}
                    {count === null ? null : <span className="ml-1.5 text-xs text-slate-400 tabular-nums">{count}</span>}
                  </button>
                );
              })}
            </div>
            <input
              type="search"
              data-testid="containers-search"
              aria-label="Search containers"
              placeholder="Search names, images, IDs, commands"
              value={query.q}
              onChange={(event) => setQuery({ q: event.target.value })}
              className={inputClass(false, "min-w-60 flex-1 sm:max-w-sm")}
            />
            <span className="ml-auto text-xs text-slate-400" aria-live="polite">
              {data ? `${rows.length} of ${containers.length} shown${isValidating ? " · refreshing" : ""}` : null}
            </span>
          </div>

          <ListTable
            columns={["Name", "Image", "Command", "State", "Status", "Ports", "Created", "Writable layer", "Virtual size"]}
            below={
              <>
                {data && rows.length === 0 ? (
                  <div data-testid="containers-empty" className="px-4 py-12 text-center text-sm text-slate-500">
                    {containers.length === 0 ? (
                      "No containers on this engine yet."
                    ) : (
                      <>
                        <p>
                          No {query.filter === "all" ? "" : `${query.filter} `}containers{query.q ? ` match “${query.q}”` : ""}.
                        </p>
                        <button
                          type="button"
                          className="mt-2 text-sky-700 hover:underline"
                          onClick={() => setQuery({ filter: "all", q: "" })}
                        >
                          Clear filters
                        </button>
                      </>
                    )}
                  </div>
                ) : null}
                {!data ? <div className="px-4 py-12 text-center text-sm text-slate-400">Loading containers…</div> : null}
                <div className="border-t border-slate-200 px-4 py-3">
                  <WritableLayerLegend />
                </div>
              </>
            }
          >
            {rows.map((container) => (
              <ContainerRow key={container.id} container={container} role={role} />
            ))}
          </ListTable>
        </>
      ) : null}
    </div>
  );
}

function ContainerRow({ container, role }: { container: ContainerSummary; role: Role }) {
  const ports = formatPorts(container.ports);
  return (
    <tr
      data-testid="container-row"
      data-container-id={container.id}
      data-container-name={container.name}
      data-state={container.state}
      className="align-top hover:bg-sky-50/40"
    >
      <td className="py-2.5 pr-3 pl-4">
        <Link href={containerPath(container.id)} className="font-mono text-[13px] font-semibold text-slate-900 hover:underline">
          {containerLabel(container)}
        </Link>
        <span className="block font-mono text-[11px] text-slate-400">{container.shortId}</span>
      </td>
      <td className="max-w-56 px-3 py-2.5">
        <Link
          href={imagePath(container.imageId)}
          title={container.imageId}
          className="font-mono text-xs break-words text-sky-700 hover:underline"
          data-testid="container-image"
        >
          {container.image}
        </Link>
      </td>
      <td className="max-w-64 truncate px-3 py-2.5 font-mono text-xs text-slate-600" title={container.command}>
        {container.command}
      </td>
      <td className="px-3 py-2.5">
        <StateBadge state={container.state} />
      </td>
      <td className="px-3 py-2.5 whitespace-nowrap text-slate-600" data-testid="container-status">
        {container.status}
      </td>
      <td className="px-3 py-2.5 font-mono text-xs text-slate-600">
        {ports.length ? (
          ports.map((port) => (
            <span key={port} className="block whitespace-nowrap">
              {port}
            </span>
          ))
        ) : (
          <span className="text-slate-300">—</span>
        )}
      </td>
      <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">
        <RelativeTime time={container.created} />
      </td>
      <td className="px-3 py-2.5 font-medium whitespace-nowrap tabular-nums" data-testid="container-size-rw" title={SIZE_RW_HINT}>
        {container.sizeRw === null ? "—" : formatBytes(container.sizeRw)}
      </td>
      <td
        className="px-3 py-2.5 whitespace-nowrap text-slate-600 tabular-nums"
        data-testid="container-size-virtual"
        title={SIZE_ROOT_FS_HINT}
      >
        {container.sizeRootFs === null ? "—" : formatBytes(container.sizeRootFs)}
      </td>
      <td className="py-2 pr-4 pl-3 text-right whitespace-nowrap">
        <RowActions target={container} role={role} />
      </td>
    </tr>
  );
}
