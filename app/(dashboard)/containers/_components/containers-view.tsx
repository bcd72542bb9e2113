"use client";

import Link from "next/link";
import { clsx } from "clsx";
import { useMemo, useState } from "react";
import { StateBadge } from "@/app/_components/badge";
import { BulkDialog, type BulkItem } from "@/app/_components/bulk-dialog";
import { CheckField } from "@/app/_components/field";
import { ListTable, type Column } from "@/app/_components/list-table";
import { FilterTabs, ListError, ListPlaceholder, ListSearch, ShownCount, useUrlQuery } from "@/app/_components/list-toolbar";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { selectColumn, SelectionBar, SelectRow, useSelection } from "@/app/_components/selection";
import { api, errorMessage, isApiError } from "@/app/_lib/api-client";
import { useContainers } from "@/app/_lib/hooks/use-containers";
import { useRevalidate } from "@/app/_lib/hooks/use-revalidate";
import { dockerCommand } from "@/lib/cli/command";
import type { Role } from "@/lib/auth/roles";
import { CONTAINER_FILTERS } from "@/lib/containers/schemas";
import type { ContainerFilter, ContainerList, ContainersQuery, ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { publishedFromSummary } from "@/lib/containers/published-ports";
import { RowActions } from "./container-actions";
import { ContainerStatsCells } from "./container-stats";
import { PublishedPorts } from "./published-ports";
import { formatPorts, isLiveState } from "@/lib/containers/state";
import { containerLabel, containerPath } from "./container-format";
import { WritableLayerLegend } from "./writable-layer-legend";

const FILTER_LABELS: Record<ContainerFilter, string> = { all: "All", running: "Running", stopped: "Stopped" };
const FILTER_OPTIONS = CONTAINER_FILTERS.map((value) => ({ value, label: FILTER_LABELS[value] }));

// The size cells explain themselves on hover; the legend under the table says it at length.
const SIZE_RW_HINT = "SizeRw: bytes in the container's own copy-on-write layer on top of the image's read-only layers";
const SIZE_ROOT_FS_HINT = "SizeRootFs: the writable layer plus the image's read-only layers (shared with other containers of the image)";
/**
 * The columns after the selection box, most important first in meaning; `hideBelow` drops a
 * column on narrower screens (the Name cell repeats the image there). Add a column here and a
 * cell in ContainerRow at the same position.
 */
const CONTAINER_COLUMNS: Column[] = [
  "Name",
  { label: "Image", hideBelow: "lg" },
  { label: "Command", hideBelow: "xl" },
  "State",
  // `docker stats` for running containers: polled while this page is open (one engine call per
  // running container every few seconds), streamed only on a container's own page.
  { label: "Usage", hideBelow: "lg", title: "CPU, memory, network and block I/O, as docker stats shows them" },
  { label: "Ports", hideBelow: "lg" },
  { label: "Created", hideBelow: "xl" },
  { label: "Writable layer", align: "right", hideBelow: "md", title: SIZE_RW_HINT },
  { label: "Virtual size", align: "right", hideBelow: "xl", title: SIZE_ROOT_FS_HINT },
];

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

/** The URL's search params for the controls, defaults left out. */
function containersSearchParams(query: ContainersQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filter !== "all") params.set("filter", query.filter);
  if (query.q) params.set("q", query.q);
  return params;
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
  const [query, setQuery] = useUrlQuery(initialQuery, containersSearchParams);

  const containers = useMemo(() => [...(data?.containers ?? [])].sort((a, b) => b.created.localeCompare(a.created)), [data]);
  const rows = useMemo(
    () => containers.filter((container) => matchesFilter(container, query.filter) && matchesSearch(container, query.q)),
    [containers, query],
  );
  const selection = useSelection();
  const { selected, toggle: toggleSelected, clear: clearSelected } = selection;
  // The action and the containers it works on, fixed when the dialog opens: the list changes under it.
  const [bulk, setBulk] = useState<{ action: "stop" | "remove"; containers: readonly ContainerSummary[] } | null>(null);
  const revalidate = useRevalidate();
  // Ticked containers the list still has (a removed one drops out of the selection).
  const selectedContainers = useMemo(() => containers.filter((container) => selected.has(container.id)), [containers, selected]);
  const problem = error ? errorMessage(error) : data ? null : initialError;
  const engineDown = (isApiError(error) && error.status === 503) || (!data && initialError !== null);

  return (
    <div className="space-y-5">
      {problem ? (
        <ListError noun="containers" problem={problem} engineDown={engineDown} stale={Boolean(data)} testId="containers-error" />
      ) : null}

      {data || !problem ? (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <FilterTabs
              label="Filter containers"
              testId="containers-filter"
              options={FILTER_OPTIONS}
              value={query.filter}
              countOf={data ? (filter) => containers.filter((container) => matchesFilter(container, filter)).length : null}
              onChange={(filter) => setQuery({ filter })}
            />
            <ListSearch
              label="Search containers"
              testId="containers-search"
              placeholder="Search names, images, IDs, commands"
              value={query.q}
              onChange={(q) => setQuery({ q })}
            />
            <ShownCount shown={rows.length} total={data ? containers.length : null} refreshing={isValidating} />
          </div>

          {selectedContainers.length ? (
            <div className="overflow-hidden rounded-lg border border-sky-200">
              <SelectionBar
                count={selectedContainers.length}
                noun="container"
                onClear={clearSelected}
                actions={
                  <>
                    <RoleButton
                      role={role}
                      needs="operator"
                      size="sm"
                      variant="secondary"
                      onClick={() => setBulk({ action: "stop", containers: selectedContainers })}
                      data-testid="bulk-stop"
                    >
                      Stop…
                    </RoleButton>
                    <RoleButton
                      role={role}
                      needs="operator"
                      size="sm"
                      variant="danger"
                      onClick={() => setBulk({ action: "remove", containers: selectedContainers })}
                      data-testid="bulk-remove"
                    >
                      Remove…
                    </RoleButton>
                  </>
                }
              />
            </div>
          ) : null}

          <ListTable
            label="Containers"
            columns={[
              selectColumn({ ids: rows.map((container) => container.id), selection, label: "Select all containers shown" }),
              ...CONTAINER_COLUMNS,
            ]}
            below={
              <>
                <ListPlaceholder
                  noun="containers"
                  testId="containers-empty"
                  total={data ? containers.length : null}
                  shown={rows.length}
                  filterWord={query.filter === "all" ? null : query.filter}
                  q={query.q}
                  onClear={() => setQuery({ filter: "all", q: "" })}
                />
                <div className="border-t border-slate-200 px-4 py-3">
                  <WritableLayerLegend />
                </div>
              </>
            }
          >
            {rows.map((container) => (
              <ContainerRow
                key={container.id}
                container={container}
                role={role}
                selected={selected.has(container.id)}
                onSelect={() => toggleSelected(container.id)}
              />
            ))}
          </ListTable>
        </>
      ) : null}

      {bulk ? (
        <BulkContainers
          action={bulk.action}
          containers={bulk.containers}
          onClose={() => setBulk(null)}
          onFinished={() => {
            clearSelected();
            revalidate("containers", "images");
          }}
        />
      ) : null}
    </div>
  );
}

function ContainerRow({
  container,
  role,
  selected,
  onSelect,
}: {
  container: ContainerSummary;
  role: Role;
  selected: boolean;
  onSelect: () => void;
}) {
  const ports = formatPorts(container.ports);
  const label = containerLabel(container);
  return (
    <tr
      data-testid="container-row"
      data-container-id={container.id}
      data-container-name={container.name}
      data-state={container.state}
      className={clsx("align-top hover:bg-sky-50/40", selected && "bg-sky-50/60")}
    >
      <SelectRow checked={selected} onChange={onSelect} label={`Select ${label}`} testId="select-container" />
      <td className="px-3 py-2.5">
        <Link href={containerPath(container.id)} className="font-mono text-[13px] font-semibold break-all text-slate-900 hover:underline">
          {label}
        </Link>
        <span className="block font-mono text-[11px] text-slate-400">{container.shortId}</span>
        {/* Where the Image column gave way (phones, small laptops), the row still names the image. */}
        <span className="block font-mono text-[11px] break-all text-slate-500 lg:hidden">{container.image}</span>
      </td>
      <td className="max-w-52 px-3 py-2.5">
        <Link
          href={imagePath(container.imageId)}
          title={container.imageId}
          className="font-mono text-xs break-words text-sky-700 hover:underline"
          data-testid="container-image"
        >
          {container.image}
        </Link>
      </td>
      <td className="max-w-48 truncate px-3 py-2.5 font-mono text-xs text-slate-600" title={container.command}>
        {container.command}
      </td>
      <td className="px-3 py-2.5">
        <StateBadge state={container.state} />
        <span className="mt-1 block min-w-28 text-xs text-slate-600" data-testid="container-status">
          {container.status}
        </span>
      </td>
      <td className="max-w-48 px-3 py-2.5 text-xs text-slate-600" data-testid="container-usage">
        {isLiveState(container.state) ? (
          <ContainerStatsCells id={container.id} running={container.state === "running"} as="div" />
        ) : (
          <span className="text-slate-300">—</span>
        )}
      </td>
      <td className="px-3 py-2.5 font-mono text-xs text-slate-600">
        {/* Published ports open in a new tab where the engine's host is known; exposed-only ones are text. */}
        <PublishedPorts ports={publishedFromSummary(container.ports)} compact />
        {ports
          .filter((line) => !line.includes("->"))
          .map((line) => (
            <span key={line} className="block whitespace-nowrap">
              {line}
            </span>
          ))}
        {ports.length ? null : <span className="text-slate-300">—</span>}
      </td>
      <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">
        <RelativeTime time={container.created} />
      </td>
      <td
        className="px-3 py-2.5 text-right font-medium whitespace-nowrap tabular-nums"
        data-testid="container-size-rw"
        title={SIZE_RW_HINT}
      >
        {container.sizeRw === null ? "—" : formatBytes(container.sizeRw)}
      </td>
      <td
        className="px-3 py-2.5 text-right whitespace-nowrap text-slate-600 tabular-nums"
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

/**
 * Stops or removes the ticked containers one by one through the same calls as a row's actions
 * (each audited). Stop leaves out the ones not running; Remove says up front which are running:
 * the engine refuses those unless Force is ticked.
 */
function BulkContainers({
  action,
  containers,
  onClose,
  onFinished,
}: {
  action: "stop" | "remove";
  containers: readonly ContainerSummary[];
  onClose: () => void;
  onFinished: () => void;
}) {
  const [force, setForce] = useState(false);
  const items: BulkItem[] = containers.map((container) => {
    const live = isLiveState(container.state);
    return {
      key: container.id,
      label: containerLabel(container),
      warning:
        action === "remove" && live && !force
          ? `${container.state}: the engine refuses it unless Force is ticked (or stop it first)`
          : undefined,
      skip: action === "stop" && !live ? `not running (${container.status})` : undefined,
    };
  });
  const names = items.filter((item) => !item.skip).map((item) => item.label);
  const run = async (id: string) => {
    if (action === "stop") {
      await api.containers.act(id, "stop");
      return "stopped";
    }
    await api.containers.remove(id, { force });
    return force ? "removed (killed first if it was running)" : "removed";
  };
  return (
    <BulkDialog
      title={action === "stop" ? "Stop containers" : "Remove containers"}
      verb={action === "stop" ? "Stop" : "Remove"}
      items={items}
      command={dockerCommand(action === "stop" ? ["stop", ...names] : ["rm", force && "-f", ...names])}
      run={run}
      onClose={onClose}
      onFinished={onFinished}
      explanation={
        action === "stop" ? (
          <p>
            Each one gets its stop signal (SIGTERM unless the image set another) and SIGKILL after the grace period (10 s by default).
            Writable layers are kept.
          </p>
        ) : (
          <p>Deletes each container and its writable layer: files it added or changed are gone. The images are not touched.</p>
        )
      }
      options={
        action === "remove" ? (
          <CheckField
            tone="red"
            id="bulk-rm-force"
            checked={force}
            onChange={setForce}
            label="Force (-f)"
            hint="Kill running ones first (SIGKILL: no clean shutdown)."
          />
        ) : null
      }
    />
  );
}
