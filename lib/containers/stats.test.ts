import assert from "node:assert/strict";
import { test } from "node:test";
import { blockIo, cpuPercent, ioRates, isEmptySample, memoryUsed, networkIo, toContainerStats } from "@/lib/containers/stats";

test("CPU percent as the docker CLI computes it: container delta over system delta, times the CPUs", () => {
  const sample = {
    cpu_stats: { cpu_usage: { total_usage: 300_000_000 }, system_cpu_usage: 4_000_000_000, online_cpus: 4 },
    precpu_stats: { cpu_usage: { total_usage: 100_000_000 }, system_cpu_usage: 2_000_000_000 },
  };
  // 0.2 s of CPU in 2 s of all four CPUs' time: 10 % of the machine, 40 % of one CPU.
  assert.equal(cpuPercent(sample), 40);
  // Without online_cpus (older engines) the per-CPU list counts.
  assert.equal(
    cpuPercent({
      ...sample,
      cpu_stats: { cpu_usage: { total_usage: 300_000_000, percpu_usage: [1, 2] }, system_cpu_usage: 4_000_000_000 },
    }),
    20,
  );
  // The stream's first sample has no previous reading: 0, not an average since boot.
  assert.equal(cpuPercent({ cpu_stats: sample.cpu_stats, precpu_stats: { cpu_usage: { total_usage: 0 } } }), 0);
});

test("memory in use leaves out the page cache the kernel can drop (cgroup v1 and v2)", () => {
  assert.equal(memoryUsed({ usage: 10_000, stats: { total_inactive_file: 4_000, inactive_file: 1_000 } }), 6_000);
  assert.equal(memoryUsed({ usage: 10_000, stats: { inactive_file: 3_000 } }), 7_000);
  assert.equal(memoryUsed({ usage: 10_000, stats: {} }), 10_000);
  assert.equal(memoryUsed({ usage: 1_000, stats: { inactive_file: 5_000 } }), 1_000);
});

test("block and network I/O are summed over devices and networks", () => {
  assert.deepEqual(
    blockIo({
      io_service_bytes_recursive: [
        { op: "Read", value: 100 },
        { op: "Write", value: 7 },
        { op: "read", value: 1 },
        { op: "Total", value: 108 },
      ],
    }),
    { read: 101, write: 7 },
  );
  assert.deepEqual(networkIo({ eth0: { rx_bytes: 10, tx_bytes: 2 }, eth1: { rx_bytes: 5, tx_bytes: 1 } }), { rx: 15, tx: 3 });
  assert.deepEqual(networkIo(undefined), { rx: 0, tx: 0 });
});

test("a whole sample, and the empty one of a stopped container", () => {
  const stats = toContainerStats({
    read: "2026-11-29T13:44:06.5Z",
    cpu_stats: { cpu_usage: { total_usage: 2 }, system_cpu_usage: 300, online_cpus: 1 },
    precpu_stats: { cpu_usage: { total_usage: 1 }, system_cpu_usage: 100 },
    memory_stats: { usage: 5_000, limit: 1_000_000, stats: { total_inactive_file: 1_000 } },
  });
  assert.deepEqual(stats, {
    time: "2026-11-29T13:44:06.5Z",
    cpu: { percent: 0.5 },
    memory: { used: 4_000, limit: 1_000_000 },
    network: { rx: 0, tx: 0 },
    blockIo: { read: 0, write: 0 },
  });
  assert.equal(isEmptySample({ read: "0001-01-01T00:00:00Z" }), true);
  assert.equal(isEmptySample({ read: stats.time }), false);
});

test("I/O rates between samples, per second; a restart's reset counts as 0", () => {
  const at = (second: number, rx: number, read: number) => ({
    time: `2026-11-29T13:00:0${second}Z`,
    network: { rx, tx: 0 },
    blockIo: { read, write: 0 },
  });
  assert.deepEqual(ioRates([at(0, 0, 0), at(2, 2000, 500), at(3, 2000, 0)]), [
    { network: 1000, blockIo: 250 },
    { network: 0, blockIo: 0 },
  ]);
  assert.deepEqual(ioRates([at(1, 0, 0)]), []);
});
