import "server-only";
import { subscribeToEngineEvents } from "@/lib/events/hub";
import type { LiveEvent } from "@/lib/events/types";

/** A comment line this often keeps proxies (and the browser) from taking a quiet stream for a dead one. */
export const HEARTBEAT_MS = 15_000;
/** What the browser waits before reconnecting a dropped stream (the SSE `retry:` field). */
export const RECONNECT_MS = 2_000;
/** How often an open stream checks that its caller is still signed in (a sign-out or revocation ends it). */
export const RECHECK_MS = 5_000;
/** A reader this far behind (a stalled tab) is cut off; it reconnects and fetches afresh. */
const MAX_QUEUED_EVENTS = 1_000;

/** One Server-Sent Event: the event as JSON in its `data:` line (JSON has no raw newline). */
export function formatServerSentEvent(event: LiveEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/**
 * The body of `GET /api/events`: the engine's events as Server-Sent Events, from the shared
 * subscription (no engine stream of its own). It opens with the reconnect delay and the engine's
 * current state, sends a heartbeat comment every HEARTBEAT_MS, and unsubscribes when the client
 * goes away (the body is cancelled). The caller was authenticated when the stream opened; every
 * RECHECK_MS `stillAllowed` is asked again, and the stream ends as soon as it says no, so a
 * session that is signed out, expired or revoked stops receiving events within seconds.
 *
 * @example new Response(serverSentEvents("default", { stillAllowed }), { headers: { "content-type": "text/event-stream" } })
 */
export function serverSentEvents(
  engine: string,
  {
    heartbeatMs = HEARTBEAT_MS,
    recheckMs = RECHECK_MS,
    stillAllowed,
  }: { heartbeatMs?: number; recheckMs?: number; stillAllowed?: () => Promise<boolean> } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let recheck: ReturnType<typeof setInterval> | null = null;
  const finish = () => {
    if (heartbeat) clearInterval(heartbeat);
    if (recheck) clearInterval(recheck);
    heartbeat = null;
    recheck = null;
    unsubscribe?.();
    unsubscribe = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // Next.js sends the headers with the first chunk: this one goes at once.
        controller.enqueue(encoder.encode(`retry: ${RECONNECT_MS}\n: connected to engine ${engine}\n\n`));
        const send = (text: string) => {
          if (!unsubscribe && !heartbeat) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_EVENTS) {
            finish();
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(text));
        };
        heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
        // An open stream is no reason for the process to stay up (tests, a server shutting down).
        heartbeat.unref?.();
        unsubscribe = subscribeToEngineEvents(engine, (event) => send(formatServerSentEvent(event)));
        if (stillAllowed) {
          recheck = setInterval(() => {
            stillAllowed()
              .catch(() => false)
              .then((allowed) => {
                if (allowed || !heartbeat) return;
                finish();
                controller.close();
              });
          }, recheckMs);
          recheck.unref?.();
        }
      },
      cancel() {
        finish();
      },
    },
    // Counted in events: a chunk is one event.
    { highWaterMark: 16 },
  );
}
