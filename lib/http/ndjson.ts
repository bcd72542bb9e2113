import "server-only";
import { errorBodyOf } from "@/lib/http/errors";

/**
 * A streamed JSON-lines response: each yielded object is one line, sent as it is produced (the
 * browser draws progress from them). An error after the stream started cannot change the HTTP
 * status any more, so it becomes the last line, `{"error": "...", "code": "...", "status": N}`.
 */
export function ndjsonResponse(lines: AsyncIterable<unknown>, init: ResponseInit = {}, onCancel?: () => void): Response {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  // A client that goes away cancels the stream while a line may still be on its way; that line
  // has nowhere to go.
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (cancelled) return;
        if (done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      } catch (error) {
        if (cancelled) return;
        const { status, body } = errorBodyOf(error);
        const line = { ...body, status };
        controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      // A generator waiting for its source's next chunk only returns once that chunk comes (for
      // a quiet followed log, maybe never): closing the source ends the wait.
      onCancel?.();
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, {
    ...init,
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      ...(init.headers as Record<string, string>),
    },
  });
}

/** True when the caller asked for a progress stream rather than one final JSON answer. */
export function wantsStream(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/x-ndjson");
}

/**
 * The HTTP answer for a long operation. With `Accept: application/x-ndjson` the engine's progress
 * messages stream as JSON lines and the last line is `{"result": ...}` (or `{"error": ...}`);
 * otherwise the operation runs to its end and the answer is the result with `status`. The first
 * message is awaited before answering, so failures at the start still get their own status.
 */
export async function operationResponse<R>(request: Request, operation: AsyncGenerator<unknown, R>, status = 200): Promise<Response> {
  if (!wantsStream(request)) {
    for (;;) {
      const next = await operation.next();
      if (next.done) return Response.json(next.value, { status });
    }
  }
  const first = await operation.next();
  async function* lines() {
    try {
      if (first.done) {
        yield { result: first.value };
        return;
      }
      yield first.value;
      for (;;) {
        const next = await operation.next();
        if (next.done) {
          yield { result: next.value };
          return;
        }
        yield next.value;
      }
    } finally {
      // A client that went away ends this generator at a yield: close the operation too, so its
      // own clean-up runs (the engine request closed, the audit row completed).
      await operation.return(undefined as R);
    }
  }
  return ndjsonResponse(lines(), { status });
}

/**
 * Next.js sends a response's headers together with its first body chunk, so a stream whose first
 * line may be minutes away (a quiet followed log) would leave the client with no status at all.
 * This sends `first` at once: a blank line for NDJSON (readers skip blank lines) or, for raw
 * bytes, an empty chunk. Cancelling the answer cancels the original body.
 */
export function startAtOnce(response: Response, first: string | Uint8Array = "\n"): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  // A read still pending when the client leaves resolves after the cancel: nothing may be
  // enqueued into the closed stream then.
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(typeof first === "string" ? new TextEncoder().encode(first) : first);
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (cancelled) return;
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      cancelled = true;
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
