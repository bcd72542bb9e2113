import type { ContainerStats } from "@/lib/containers/types";

// `docker stats` numbers from the engine's raw sample, computed the way the docker CLI does
// (cli/command/container/stats_helpers.go), so the dashboard and a terminal agree.

/** The raw sample's fields these read (the engine's `GET /containers/{id}/stats`). */
export type RawStatsSample = {
  read: string;
  cpu_stats?: RawCpuStats;
  precpu_stats?: RawCpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
};
type RawCpuStats = {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
};

/** The engine stamps a stopped container's (empty) samples with Go's zero time. */
export function isEmptySample(raw: Pick<RawStatsSample, "read">): boolean {
  return !raw.read || raw.read.startsWith("0001-");
}

/**
 * CPU use as `docker stats` shows it: the container's CPU time over the host's during the sample
 * interval, times the number of CPUs (so 2 busy cores read 200 %). The engine's first streamed
 * sample has no previous reading; the CLI then divides by the host's whole uptime and shows a
 * meaningless near-zero, this shows 0.
 *
 * @example cpuPercent(sample) // 20 for 0.1 s of CPU in 1 s of two CPUs' time (see stats.test.ts)
 */
export function cpuPercent(raw: Pick<RawStatsSample, "cpu_stats" | "precpu_stats">): number {
  const now = raw.cpu_stats;
  const before = raw.precpu_stats;
  if (!now || !before?.system_cpu_usage) return 0;
  const cpuDelta = (now.cpu_usage?.total_usage ?? 0) - (before.cpu_usage?.total_usage ?? 0);
  const systemDelta = (now.system_cpu_usage ?? 0) - before.system_cpu_usage;
  const cpus = now.online_cpus || now.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * cpus * 100;
}

/**
 * Memory in use as `docker stats` shows it: the cgroup's usage minus the page cache the kernel can
 * drop at once (`total_inactive_file` on cgroup v1, `inactive_file` on v2).
 *
 * @example memoryUsed({ usage: 10_000, stats: { total_inactive_file: 4_000 } }) // 6000
 */
export function memoryUsed(memory: RawStatsSample["memory_stats"]): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

/** Bytes read and written to block devices, summed over devices as the CLI does (ops "Read"/"read", "Write"/"write"). */
export function blockIo(blkio: RawStatsSample["blkio_stats"]): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of blkio?.io_service_bytes_recursive ?? []) {
    const op = entry.op.toLowerCase();
    if (op === "read") read += entry.value;
    else if (op === "write") write += entry.value;
  }
  return { read, write };
}

/** Bytes received and sent, summed over the container's networks (none: a container without a network). */
export function networkIo(networks: RawStatsSample["networks"]): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const network of Object.values(networks ?? {})) {
    rx += network.rx_bytes ?? 0;
    tx += network.tx_bytes ?? 0;
  }
  return { rx, tx };
}

/** One raw engine sample as the dashboard's `ContainerStats`. */
export function toContainerStats(raw: RawStatsSample): ContainerStats {
  return {
    time: raw.read,
    cpu: { percent: Math.round(cpuPercent(raw) * 100) / 100 },
    memory: { used: memoryUsed(raw.memory_stats), limit: raw.memory_stats?.limit ?? 0 },
    network: networkIo(raw.networks),
    blockIo: blockIo(raw.blkio_stats),
  };
}

/**
 * Bytes per second between consecutive samples, from the engine's running totals (network and
 * block I/O only ever grow; a drop means the container restarted and counts from 0 again).
 *
 * @example ioRates([{ time: "…:00Z", network: { rx: 0, tx: 0 }, … }, { time: "…:02Z", network: { rx: 2000, tx: 0 }, … }]) // [{ network: 1000, blockIo: 0 }]
 */
export function ioRates(samples: readonly Pick<ContainerStats, "time" | "network" | "blockIo">[]): { network: number; blockIo: number }[] {
  const rates: { network: number; blockIo: number }[] = [];
  for (let index = 1; index < samples.length; index++) {
    const before = samples[index - 1]!;
    const now = samples[index]!;
    const seconds = (Date.parse(now.time) - Date.parse(before.time)) / 1000;
    if (!(seconds > 0)) continue;
    const rate = (a: number, b: number) => Math.max(0, b - a) / seconds;
    rates.push({
      network: rate(before.network.rx + before.network.tx, now.network.rx + now.network.tx),
      blockIo: rate(before.blockIo.read + before.blockIo.write, now.blockIo.read + now.blockIo.write),
    });
  }
  return rates;
}
