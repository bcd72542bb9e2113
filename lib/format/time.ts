const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS: readonly [limit: number, size: number, unit: string][] = [
  [MINUTE, SECOND, "second"],
  [HOUR, MINUTE, "minute"],
  [DAY, HOUR, "hour"],
  [30 * DAY, DAY, "day"],
  [365 * DAY, 30 * DAY, "month"],
  [Number.POSITIVE_INFINITY, 365 * DAY, "year"],
];

/**
 * How long ago (or until) a time is, the way `docker images` says it: "5 minutes ago".
 *
 * @example formatRelativeTime("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:05:00Z")) // "5 minutes ago"
 */
export function formatRelativeTime(time: string | Date, now: number = Date.now()): string {
  const then = typeof time === "string" ? Date.parse(time) : time.getTime();
  if (Number.isNaN(then)) return "unknown";
  const delta = now - then;
  const distance = Math.abs(delta);
  if (distance < 5 * SECOND) return "just now";
  const [, size, unit] = STEPS.find(([limit]) => distance < limit)!;
  const count = Math.floor(distance / size);
  const phrase = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return delta >= 0 ? `${phrase} ago` : `in ${phrase}`;
}

/**
 * An exact time in UTC, sortable and unambiguous: the dashboard and the engine may sit in
 * different time zones, and the audit filter reads its inputs as UTC too.
 *
 * @example formatTimestamp("2026-11-22T04:48:16.138Z") // "2026-11-22 04:48:16 UTC"
 */
export function formatTimestamp(time: string | Date): string {
  const date = typeof time === "string" ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) return "unknown";
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * A duration in milliseconds for a table cell.
 *
 * @example formatDuration(48) // "48 ms"
 * @example formatDuration(1234) // "1.23 s"
 * @example formatDuration(125_000) // "2 min 5 s"
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${Number((ms / SECOND).toPrecision(3))} s`;
  const minutes = Math.floor(ms / MINUTE);
  const seconds = Math.round((ms % MINUTE) / SECOND);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/**
 * A Go `time.Duration` (nanoseconds, as in a HEALTHCHECK's interval) written the way Docker
 * prints it.
 *
 * @example formatNanoseconds(30_000_000_000) // "30s"
 * @example formatNanoseconds(90_000_000_000) // "1m30s"
 * @example formatNanoseconds(500_000_000) // "500ms"
 */
export function formatNanoseconds(ns: number): string {
  if (!Number.isFinite(ns) || ns <= 0) return "0s";
  const ms = ns / 1e6;
  if (ms < SECOND) return `${Number(ms.toPrecision(3))}ms`;
  let rest = Math.round(ms / SECOND);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  return `${hours ? `${hours}h` : ""}${minutes ? `${minutes}m` : ""}${seconds || (!hours && !minutes) ? `${seconds}s` : ""}`;
}

/**
 * Reads a `datetime-local` value (no zone) as UTC, matching how times are shown.
 *
 * @example parseUtcInput("2026-11-22T04:48") // Date for 2026-11-22T04:48:00.000Z
 * @example parseUtcInput("nonsense") // undefined
 */
export function parseUtcInput(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const withZone = /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
