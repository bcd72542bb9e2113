/**
 * Counts failed sign-ins per key (a username, an address) in a sliding window; past the limit the
 * key is locked until the oldest failure leaves the window. Kept in memory: a restart forgets,
 * which only ever shortens a lock.
 *
 * @example
 * const throttle = new FailureThrottle({ limit: 5, windowMs: 15 * 60_000 });
 * throttle.recordFailure("user:ana");
 * throttle.retryAfterMs("user:ana"); // 0 until the 5th failure
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly options: { limit: number; windowMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((time) => time > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.options.limit) return 0;
    return recent[recent.length - this.options.limit]! + this.options.windowMs - this.now();
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    // Bound memory under a spray of distinct keys: forget the oldest keys first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
