import "server-only";
import { retryAfterMs } from "@/lib/auth/throttle";
import { getDb } from "@/lib/db";

// Rows older than the window are swept at most this often (by whichever instance records a failure).
const SWEEP_INTERVAL_MS = 60_000;
let lastSweep = 0;

/**
 * Failed sign-ins per key in a sliding window, kept in the database (`SignInFailure`): five wrong
 * passwords spread over several instances lock the sixth attempt on any of them, and a restart
 * forgets nothing.
 *
 * @example
 * const byUser = new SignInThrottle({ limit: 5, windowMs: 15 * 60_000 });
 * await byUser.recordFailure("user:ana");
 * await byUser.retryAfterMs("user:ana"); // 0 until the 5th failure
 */
export class SignInThrottle {
  constructor(private readonly options: { limit: number; windowMs: number }) {}

  /** Milliseconds until the key may try again; 0 when it may now. */
  async retryAfterMs(key: string): Promise<number> {
    const now = Date.now();
    const rows = await getDb().signInFailure.findMany({
      where: { key, at: { gt: new Date(now - this.options.windowMs) } },
      orderBy: { at: "desc" },
      take: this.options.limit,
      select: { at: true },
    });
    return retryAfterMs({ ...this.options, failures: rows.map((row) => row.at.getTime()), now });
  }

  async recordFailure(key: string): Promise<void> {
    const db = getDb();
    const now = Date.now();
    await db.signInFailure.create({ data: { key, at: new Date(now) } });
    // A spray of distinct keys must not grow the table without bound.
    if (now - lastSweep > SWEEP_INTERVAL_MS) {
      lastSweep = now;
      await db.signInFailure.deleteMany({ where: { at: { lte: new Date(now - this.options.windowMs) } } });
    }
  }

  async reset(key: string): Promise<void> {
    await getDb().signInFailure.deleteMany({ where: { key } });
  }
}
