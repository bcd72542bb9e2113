/**
 * How long a key (a username, an address) must wait before it may try to sign in again, given its
 * failures within the window: past `limit` failures it is locked until the oldest of the last
 * `limit` leaves the window. Pure: the failures are kept in the database (sign-in-failures.ts), so
 * that every instance sharing it counts the same ones.
 *
 * @example
 * retryAfterMs({ failures: [0, 100, 200], limit: 3, windowMs: 1000, now: 300 }) // 700
 */
export function retryAfterMs({
  failures,
  limit,
  windowMs,
  now,
}: {
  /** Failure times in ms since the epoch, any order. */
  failures: number[];
  limit: number;
  windowMs: number;
  now: number;
}): number {
  const recent = failures.filter((time) => time > now - windowMs).sort((a, b) => b - a);
  if (recent.length < limit) return 0;
  return Math.max(0, recent[limit - 1]! + windowMs - now);
}
