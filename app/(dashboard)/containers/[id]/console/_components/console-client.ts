import { ApiError, requestJson, sendToSignIn } from "@/app/_components/api";
import type { ConsoleStatus } from "@/lib/containers/types";

// Browser side of a console session: the screen is one streamed GET, keystrokes are small POSTs
// sent one at a time (so they arrive in order), batched over a few milliseconds so fast typing or
// a paste is not one request per key.

export type { ConsoleStatus };
export type OpenedConsole = { session: string; execId: string; container: { id: string; name: string }; command: string };

const sessionUrl = (session: string, part = "") => `/api/exec/${encodeURIComponent(session)}${part}`;

/** `POST /api/containers/{ref}/exec`: starts `docker exec -it` and returns the session to talk to. */
export function openConsoleSession(reference: string, body: { command: string[]; cols: number; rows: number }): Promise<OpenedConsole> {
  return requestJson<OpenedConsole>(`/api/containers/${encodeURIComponent(reference)}/exec`, { method: "POST", body });
}

export function getConsoleSession(session: string): Promise<ConsoleStatus> {
  return requestJson<ConsoleStatus>(sessionUrl(session));
}

/** Ends the session. `keepalive` lets the request outlive the page (tab closing, navigating away). */
export async function endConsoleSession(session: string, { keepalive = false } = {}): Promise<void> {
  await fetch(sessionUrl(session), { method: "DELETE", keepalive, cache: "no-store" }).catch(() => undefined);
}

export async function resizeConsoleSession(session: string, size: { cols: number; rows: number }): Promise<void> {
  try {
    await requestJson(sessionUrl(session, "/resize"), { method: "POST", body: size });
  } catch {
    // A session that ended meanwhile: nothing to resize; the output stream says it ended.
  }
}

async function failure(response: Response): Promise<ApiError> {
  if (response.status === 401) sendToSignIn();
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return new ApiError(
    response.status,
    typeof body.error === "string" ? body.error : `The console failed (HTTP ${response.status}).`,
    body as Record<string, unknown>,
  );
}

/**
 * Reads the terminal's bytes until the process exits (resolves) or `signal` aborts (rejects with
 * an AbortError). Aborting is how the page hangs up: the server ends the exec when its reader goes.
 */
export async function readConsoleOutput(
  session: string,
  { signal, onData }: { signal: AbortSignal; onData: (bytes: Uint8Array) => void },
): Promise<void> {
  const response = await fetch(sessionUrl(session, "/output"), { signal, cache: "no-store" });
  if (!response.ok) throw await failure(response);
  if (!response.body) throw new ApiError(response.status, "The server answered without the terminal's stream.");
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onData(value);
  }
}

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
      const response = await fetch(sessionUrl(this.session, "/input"), {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: this.takeBatch(),
        cache: "no-store",
      });
      // 409: the session ended; the output stream's end tells the page.
      if (response.status === 409) this.close();
      else if (!response.ok) this.onError(await failure(response));
    } catch {
      this.onError(new ApiError(0, "Keystrokes could not be sent: the dashboard server did not answer."));
    } finally {
      this.sending = false;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
