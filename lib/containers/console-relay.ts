import "server-only";
import { ownerKey, holdsConsole } from "@/lib/containers/console-sessions";
import type { Principal } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hasLapsed } from "@/lib/instances/heartbeat";
import { currentInstanceId, findInstance } from "@/lib/instances/queries";

// A console's engine stream lives in the memory of the instance that opened it. Behind a load
// balancer, its output, input, resize and status requests may reach another instance; that one
// relays the request over HTTP to the holder's own address (DashboardInstance.address), with the
// caller's own credentials, so the holder authenticates and checks ownership exactly as for a
// direct request. Works on either store; instances must reach each other's DASHBOARD_INSTANCE_URL.

/** Marks a relayed request: its receiver answers it itself (404 if it does not hold the session), never relays again. */
export const RELAY_HEADER = "x-dashboard-console-relay";

// What the holder needs to authenticate the caller, check the origin and read the body.
const FORWARDED_HEADERS = ["cookie", "authorization", "origin", "referer", "content-type", "user-agent", "accept"];
// What the caller needs of the holder's answer (the stream's own headers among them).
const RETURNED_HEADERS = ["content-type", "cache-control", "x-accel-buffering"];

/**
 * Relays a console request to the instance holding the session, or answers null when this instance
 * should handle it (it holds the session, the request was relayed already, or no other instance
 * holds it: the local handler then says 404). A holder that stopped beating is a 409 saying so.
 * Streams stay streams: the output's body is piped through as it arrives, and the caller going away
 * aborts the relayed request (which ends the session on the holder, as a closed tab does).
 *
 * @example const relayed = await relayConsoleRequest({ request, session, principal }); if (relayed) return relayed;
 */
export async function relayConsoleRequest({
  request,
  session,
  principal,
  body,
}: {
  request: Request;
  session: string;
  principal: Principal;
  /** The body to send on: the raw bytes, or the JSON the route already parsed. */
  body?: BodyInit;
}): Promise<Response | null> {
  if (holdsConsole(session) || request.headers.has(RELAY_HEADER)) return null;
  const row = await getDb().consoleSession.findUnique({ where: { id: session } });
  if (!row || row.instanceId === currentInstanceId() || row.owner !== ownerKey(principal)) return null;
  const holder = await findInstance(row.instanceId);
  if (!holder?.address || hasLapsed({ heartbeatAt: holder.heartbeatAt, now: new Date() })) {
    await getDb().consoleSession.deleteMany({ where: { id: session } });
    throw new AppError(
      "conflict:console",
      `This console was opened through the dashboard instance ${row.instanceId}, which has stopped; its shell went with it. Open a new console.`,
    );
  }
  const url = new URL(request.url);
  const headers = new Headers({ [RELAY_HEADER]: currentInstanceId() });
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The origin check compares Origin with the host the browser addressed, not the holder's own.
  headers.set("x-forwarded-host", request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host);
  let answer: Response;
  try {
    answer = await fetch(`${holder.address}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      redirect: "manual",
    });
  } catch (error) {
    if (request.signal.aborted) throw error;
    throw new AppError(
      "unavailable:console",
      `The dashboard instance holding this console (${row.instanceId} at ${holder.address}) did not answer: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const returned = new Headers();
  for (const name of RETURNED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) returned.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers: returned });
}
