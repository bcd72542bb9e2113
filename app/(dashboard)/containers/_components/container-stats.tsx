"use client";

import { clsx } from "clsx";
import { CliCommand } from "@/app/_components/cli-command";
import { STATS_HISTORY, useContainerStats, type ContainerStatsState } from "@/app/_lib/hooks/use-container-stats";
import { dockerStatsCommand } from "@/lib/cli/command";
import { ioRates } from "@/lib/containers/stats";
import type { ContainerStats } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";

// `docker stats` on the page: the container page streams a sample a second and draws the last
// minute as sparklines; the list shows the same numbers, polled (see useContainerStats).

const formatCpu = (percent: number) => `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
const formatRate = (bytesPerSecond: number) => `${formatBytes(bytesPerSecond)}/s`;

/**
 * A small line chart of the last values (oldest first), scaled to `max` (default: the largest
 * value, so a flat line sits at the bottom). Decorative: the numbers beside it carry the meaning.
 */
export function Sparkline({
  values,
  max,
  slots = STATS_HISTORY,
  className,
  testId,
}: {
  values: readonly number[];
  max?: number;
  slots?: number;
  className?: string;
  testId?: string;
}) {
  const width = 120;
  const height = 28;
  const top = Math.max(max ?? 0, ...values, 1e-9);
  // The newest value sits at the right edge; the line grows leftwards as the minute fills.
  const step = width / Math.max(slots - 1, 1);
  const points = values.slice(-slots).map((value, index, shown) => {
    const x = width - (shown.length - 1 - index) * step;
    const y = height - 1 - (Math.min(value, top) / top) * (height - 2);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden
      data-testid={testId}
      data-points={points.length}
      className={clsx("h-7 w-full overflow-visible", className)}
    >
      {points.length > 1 ? (
        <polyline points={points.join(" ")} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      ) : null}
    </svg>
  );
}

/** One metric: its name, the current value, what it means, and the last minute. */
function StatTile({
  label,
  value,
  detail,
  values,
  max,
  tone,
  testId,
}: {
  label: string;
  value: string;
  detail: React.ReactNode;
  values: number[];
  max?: number;
  tone: string;
  testId: string;
}) {
  return (
    <div data-testid={testId} className="min-w-0 rounded-md border border-slate-100 px-3 py-2">
      <div className="flex items-baseline justify-between gap-2">
        <span className="text-xs font-medium text-slate-500">{label}</span>
        <span data-testid={`${testId}-value`} className="font-mono text-sm font-semibold text-slate-900 tabular-nums">
          {value}
        </span>
      </div>
      <p className="truncate text-xs text-slate-500">{detail}</p>
      <Sparkline values={values} max={max} className={tone} testId={`${testId}-sparkline`} />
    </div>
  );
}

function memoryLimitText(stats: ContainerStats): string {
  if (stats.memory.limit <= 0) return "no limit reported";
  const percent = (stats.memory.used / stats.memory.limit) * 100;
  return `of ${formatBytes(stats.memory.limit)} (${percent > 0 && percent < 0.1 ? "<0.1" : percent.toFixed(1)} %)`;
}

/**
 * The container page's live stats: CPU, memory (used / limit), network and block I/O, each with a
 * sparkline of the last minute, and the `docker stats --no-stream` line that reads the same numbers
 * once (`label` names the container there). Streams only while the container runs and the page is open.
 */
export function ContainerStatsPanel({ id, label, running }: { id: string; label: string; running: boolean }) {
  const stats = useContainerStats(running ? id : null, { live: true });
  return (
    <section data-testid="container-stats" data-status={stats.status} className="min-w-0 rounded-lg border border-slate-200 bg-white">
      <h2 className="flex items-center gap-2 border-b border-slate-100 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        Resource use
        <span className="font-normal tracking-normal text-slate-400 normal-case">
          {stats.status === "live" ? "live, last minute" : stats.status === "waiting" ? "connecting…" : null}
        </span>
      </h2>
      <div className="space-y-3 px-4 py-3">
        <StatsBody stats={stats} running={running} />
        <CliCommand command={dockerStatsCommand({ container: label, noStream: true })} testId="cli-stats" />
      </div>
    </section>
  );
}

function StatsBody({ stats, running }: { stats: ContainerStatsState; running: boolean }) {
  if (!running || stats.status === "off")
    return <p className="text-sm text-slate-400 italic">Not running: a stopped container uses no CPU or memory.</p>;
  if (stats.status === "failed" && !stats.latest)
    return (
      <p className="text-sm text-red-700" data-testid="container-stats-error">
        {stats.error}
      </p>
    );
  const latest = stats.latest;
  if (!latest) return <p className="text-sm text-slate-400">Waiting for the first sample…</p>;
  const rates = ioRates(stats.samples);
  const lastRate = rates.at(-1) ?? { network: 0, blockIo: 0 };
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatTile
        label="CPU"
        value={formatCpu(latest.cpu.percent)}
        detail="100 % is one full CPU"
        values={stats.samples.map((sample) => sample.cpu.percent)}
        max={100}
        tone="text-sky-600"
        testId="stat-cpu"
      />
      <StatTile
        label="Memory"
        value={formatBytes(latest.memory.used)}
        detail={memoryLimitText(latest)}
        values={stats.samples.map((sample) => sample.memory.used)}
        tone="text-violet-600"
        testId="stat-memory"
      />
      <StatTile
        label="Network"
        value={formatRate(lastRate.network)}
        detail={`${formatBytes(latest.network.rx)} in · ${formatBytes(latest.network.tx)} out in total`}
        values={rates.map((rate) => rate.network)}
        tone="text-emerald-600"
        testId="stat-network"
      />
      <StatTile
        label="Block I/O"
        value={formatRate(lastRate.blockIo)}
        detail={`${formatBytes(latest.blockIo.read)} read · ${formatBytes(latest.blockIo.write)} written in total`}
        values={rates.map((rate) => rate.blockIo)}
        tone="text-amber-600"
        testId="stat-blockio"
      />
    </div>
  );
}

/**
 * The stats of one row of the containers list: CPU, memory (used / limit), network and block I/O
 * totals, as four `<td>` (or, `as="div"`, four inline blocks for a card). Polled every 5 s while
 * mounted and only for a running container; an empty dash otherwise.
 *
 * @example <ContainerStatsCells id={container.id} running={container.state === "running"} />
 */
export function ContainerStatsCells({ id, running, as: Cell = "td" }: { id: string; running: boolean; as?: "td" | "div" }) {
  const { latest, status } = useContainerStats(running ? id : null);
  const cells: { key: string; label: string; text: string; title?: string }[] = latest
    ? [
        { key: "cpu", label: "CPU", text: formatCpu(latest.cpu.percent) },
        {
          key: "memory",
          label: "Memory",
          text: formatBytes(latest.memory.used),
          title: `${formatBytes(latest.memory.used)} ${memoryLimitText(latest)}`,
        },
        {
          key: "network",
          label: "Net I/O",
          text: `${formatBytes(latest.network.rx)} / ${formatBytes(latest.network.tx)}`,
          title: "received / sent",
        },
        {
          key: "blockio",
          label: "Block I/O",
          text: `${formatBytes(latest.blockIo.read)} / ${formatBytes(latest.blockIo.write)}`,
          title: "read / written",
        },
      ]
    : ["cpu", "memory", "network", "blockio"].map((key) => ({
        key,
        label: key,
        text: running && status === "waiting" ? "…" : "—",
      }));
  return (
    <>
      {cells.map((cell) => (
        <Cell
          key={cell.key}
          data-testid={`row-stat-${cell.key}`}
          title={cell.title}
          className={clsx("font-mono text-xs whitespace-nowrap tabular-nums", Cell === "div" ? "inline-block pr-3" : "px-3 py-2")}
        >
          {Cell === "div" && latest ? <span className="mr-1 font-sans text-slate-500">{cell.label}</span> : null}
          {cell.text}
        </Cell>
      ))}
    </>
  );
}
