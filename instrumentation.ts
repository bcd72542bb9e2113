/**
 * Next.js runs `register()` once when a server process starts, before it serves requests. The
 * audit log's clean-up belongs here rather than in scripts/start.ts: it must run in the process
 * that writes audit rows, whose pid and start time tell its own rows from a dead predecessor's.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The transfer routes' Node handlers, for the custom server (scripts/server.ts) to serve.
  const { publishFastRoutes } = await import("@/lib/transfers/fast-routes");
  publishFastRoutes();
  const { markInterruptedActions } = await import("@/lib/audit/actions");
  const { startInstanceHeartbeat } = await import("@/lib/instances/actions");
  const markInterrupted = async () => {
    const marked = await markInterruptedActions();
    if (marked > 0) console.log(`audit: ${marked} action(s) left "started" by a stopped server process marked "interrupted"`);
  };
  try {
    // This instance's heartbeat row, written before it serves; every beat (10 s) then settles the
    // rows of instances that stopped beating (several instances may share the database).
    await startInstanceHeartbeat({ onBeat: markInterrupted });
  } catch (error) {
    // A database that is not migrated yet (`next dev` before `prisma migrate deploy`) must not stop
    // the server from starting.
    console.error("audit: could not check for interrupted actions", error);
  }
  // A key that differs from the other instances' would fail later, push by push and engine by engine.
  const { secretsSealedWithAnotherKey } = await import("@/lib/instances/queries");
  await secretsSealedWithAnotherKey().then(
    (foreign) => {
      if (foreign.length > 0)
        console.error(
          `secrets: this instance's key cannot open the stored secrets of ${foreign.join(", ")}: every instance sharing the database needs the same DASHBOARD_SECRET_KEY (or re-enter those secrets).`,
        );
    },
    (error: unknown) => console.error("secrets: could not check the stored secrets", error),
  );
  // Scheduled clean-up policies run in the server process, beside the engine client and the
  // database they use; each server sharing the database schedules them, the lease runs each tick once.
  const { startCleanupScheduler } = await import("@/lib/cleanup/scheduler");
  await startCleanupScheduler().catch((error: unknown) => console.error("cleanup: could not start the policy scheduler", error));
}
