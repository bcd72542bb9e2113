import { applyProgress, initialProgress, type ProgressMessage, type ProgressState } from "@/lib/progress/docker-progress";
import { ApiError, sendToSignIn } from "./api";

// Browser side of the API's long operations (pull, push, import, load). Pull and push stream the
// engine's progress as JSON lines; uploads go through XMLHttpRequest because fetch reports no
// upload progress.

/** The last line of a progress stream that ended badly: `{"error","code","status"}`. */
type StreamFailure = { error: string; code?: string; status?: number };

function isFailureLine(line: Record<string, unknown>): line is StreamFailure {
  // The engine's own in-stream errors ({"error","errorDetail"}) are progress (applyProgress keeps
  // them); the server's closing line is the one that carries a code.
  return typeof line.error === "string" && typeof line.code === "string";
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML error page): the status says enough.
  }
  if (response.status === 401) sendToSignIn();
  const message = typeof body.error === "string" ? body.error : `Request failed with HTTP ${response.status}.`;
  return new ApiError(response.status, message, body);
}

/**
 * Runs a streamed operation (`Accept: application/x-ndjson`), calling `onProgress` with the folded
 * per-layer state as lines arrive, and resolves with the `{"result"}` of the last line. Failures
 * before the stream (4xx/5xx) and the closing `{"error"}` line both reject with ApiError.
 *
 * @example const result = await streamOperation<{ digest: string }>("/api/images/pull", { body: { reference: "busybox:1" }, onProgress: setProgress })
 */
export async function streamOperation<R>(
  url: string,
  options: { body?: unknown; signal?: AbortSignal; onProgress: (state: ProgressState) => void },
): Promise<R> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        accept: "application/x-ndjson",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: "no-store",
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, "The dashboard server did not answer; check that it is running.");
  }
  if (!response.ok) throw await errorFrom(response);
  if (!response.body) throw new ApiError(response.status, "The server answered without a progress stream.");

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let state = initialProgress;
  let pending = "";
  let outcome: { result: R } | { failure: StreamFailure } | null = null;

  const take = (text: string) => {
    if (!text.trim()) return;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if ("result" in line) outcome = { result: line.result as R };
    else if (isFailureLine(line)) outcome = { failure: line };
    else state = applyProgress(state, line as ProgressMessage);
  };

  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(
        0,
        "The connection to the dashboard server broke before the operation finished; it may still be running on the engine.",
      );
    }
    if (chunk.done) break;
    const lines = (pending + chunk.value).split("\n");
    pending = lines.pop() ?? "";
    lines.forEach(take);
    // One update per chunk, not per line: a pull sends hundreds of lines a second.
    options.onProgress(state);
  }
  take(pending);
  options.onProgress(state);

  const end = outcome as { result: R } | { failure: StreamFailure } | null;
  if (end && "result" in end) return end.result;
  if (end) throw new ApiError(end.failure.status ?? 500, end.failure.error, end.failure as unknown as Record<string, unknown>);
  throw new ApiError(0, state.error ?? "The progress stream ended without a result; check the audit log for what happened.");
}

export type UploadProgress = { sent: number; total: number; done: boolean };

/** The Content-Type to send an archive as; never JSON, which the import route reads as `{"url"}`. */
export function archiveContentType(file: File): string {
  const name = file.name.toLowerCase();
  if (/\.(tar\.gz|tgz|gz)$/.test(name)) return "application/gzip";
  if (/\.(tar\.xz|txz|xz)$/.test(name)) return "application/x-xz";
  if (/\.tar$/.test(name)) return "application/x-tar";
  return "application/octet-stream";
}

/**
 * POSTs a File as the raw request body (the browser streams it from disk; it is never read into
 * memory here) and resolves with the JSON answer. `onProgress` reports bytes sent; `done` turns
 * true when the upload is complete and the server is still working on it.
 *
 * @example await uploadFile<{ loaded: string[] }>({ url: "/api/images/load", file, onProgress: setUpload })
 */
export function uploadFile<R>({
  url,
  file,
  contentType = archiveContentType(file),
  signal,
  onProgress,
}: {
  url: string;
  file: File;
  contentType?: string;
  signal?: AbortSignal;
  onProgress: (progress: UploadProgress) => void;
}): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) =>
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size, done: false });
    xhr.upload.onload = () => onProgress({ sent: file.size, total: file.size, done: true });
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(xhr.responseText);
        if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
      } catch {
        // Leave body empty; the status explains.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as R);
        return;
      }
      if (xhr.status === 401) sendToSignIn();
      reject(new ApiError(xhr.status, typeof body.error === "string" ? body.error : `Upload failed with HTTP ${xhr.status}.`, body));
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload broke off: the dashboard server did not answer or closed the connection."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** True for the rejection of a cancelled fetch or upload, which is no error to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** The message to show for anything a request threw. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
