import { api, ApiError, isApiError } from "@/app/_lib/api-client";

// Keystrokes of a console session are small POSTs sent one at a time (so they arrive in order),
// batched over a few milliseconds so fast typing or a paste is not one request per key. The rest
// of the session (open, read the screen, resize, hang up) is `api.containers.openConsole` and
// `api.consoles`.

const BATCH_MS = 5;
const MAX_BATCH_BYTES = 64 * 1024;

/** Sends keystrokes in order, one request in flight at a time, each carrying what queued meanwhile. */
export class KeystrokeSender {
  private queue: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending = false;
  private closed = false;

  constructor(
    private readonly session: string,
    private readonly onError: (error: ApiError) => void,
  ) {}

  send(bytes: Uint8Array): void {
    if (this.closed || bytes.byteLength === 0) return;
    this.queue.push(bytes);
    this.schedule();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.sending || this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, BATCH_MS);
  }

  /** Up to MAX_BATCH_BYTES from the front of the queue (the server's per-request limit). */
  private takeBatch(): Uint8Array<ArrayBuffer> {
    const size = Math.min(
      MAX_BATCH_BYTES,
      this.queue.reduce((total, chunk) => total + chunk.byteLength, 0),
    );
    const batch = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const chunk = this.queue[0]!;
      const take = Math.min(chunk.byteLength, size - filled);
      batch.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take === chunk.byteLength) this.queue.shift();
      else this.queue[0] = chunk.subarray(take);
    }
    return batch;
  }

  private async flush(): Promise<void> {
    if (this.sending || this.closed || this.queue.length === 0) return;
    this.sending = true;
    try {
      await api.consoles.input(this.session, this.takeBatch());
    } catch (error) {
      // 409: the session ended; the output stream's end tells the page.
      if (isApiError(error) && error.status === 409) this.close();
      else this.onError(isApiError(error) ? error : new ApiError(0, String(error)));
    } finally {
      this.sending = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
