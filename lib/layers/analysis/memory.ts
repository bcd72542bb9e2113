import vm from "node:vm";

/** How long after an analysis its garbage is collected (a CLI run has exited by then). */
const COLLECT_AFTER_MS = 1000;

/**
 * Asks V8 for a full garbage collection shortly after an analysis, in a process that keeps
 * running (the dashboard's server).
 *
 * Why: an analysis reads the engine's stream in 64 KB socket buffers, and V8 answers that flow of
 * external memory with a scavenge every few megabytes, so whatever lives a little longer (entry
 * batches, a layer being folded, the union of the image's paths) is promoted to the old
 * generation and stays there as garbage once the analysis is over. V8 lets the old generation
 * grow to a few times its live size before a full collection, so a server that analyses several
 * images in a row kept each one's garbage: its RSS grew from 263 MB after one analysis of the
 * 50,000-file benchmark image to 327 MB after three. A collection once the analysis is done
 * brings the heap back to what is live (the next analysis starts from there), at the cost of one
 * full GC (~50–100 ms on the server's heap, off the request's path).
 *
 * `vm.measureMemory` with `execution: "eager"` is Node's public way to start that collection
 * without `--expose-gc` (it prints one ExperimentalWarning per process on Node 20). The timer is
 * unref'd: a command that exits right after its analysis (`npm run analyze`) never runs it.
 *
 * @example collectGarbageSoon(); // after an analysis has stored its result
 */
export function collectGarbageSoon({ afterMs = COLLECT_AFTER_MS }: { afterMs?: number } = {}): void {
  const timer = setTimeout(() => {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) exposed();
    else void vm.measureMemory({ mode: "summary", execution: "eager" }).catch(() => undefined);
  }, afterMs);
  timer.unref();
}
