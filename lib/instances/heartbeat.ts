/** Each instance writes its heartbeat this often. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/**
 * An instance whose heartbeat is older than this is gone (three beats missed): long enough that a
 * busy event loop or a slow database write is not taken for a crash.
 */
export const HEARTBEAT_LAPSE_MS = 30_000;

/**
 * Whether an instance's heartbeat has lapsed, i.e. it is taken for gone.
 *
 * @example hasLapsed({ heartbeatAt: new Date(0), now: new Date(30_001) }) // true
 */
export function hasLapsed({ heartbeatAt, now, lapseMs = HEARTBEAT_LAPSE_MS }: { heartbeatAt: Date; now: Date; lapseMs?: number }): boolean {
  return now.getTime() - heartbeatAt.getTime() > lapseMs;
}
