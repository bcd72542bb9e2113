import "server-only";
import type Docker from "dockerode";
import {
  createDockerClient,
  DEFAULT_ENGINE_ID,
  getDefaultEngine,
  runOnEngine,
  type EngineConnection,
  type EngineKind,
} from "@/lib/docker/client";
import { forgetEngineStatus, probeEngine, type EngineProbe } from "@/lib/docker/engine";
import { reconnectEngineEvents } from "@/lib/docker/events";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseEngineHost } from "@/lib/engines/host";
import type { EngineList, EngineTls, EngineView } from "@/lib/engines/types";
import type { Engine as EngineRow } from "@/lib/generated/prisma/client";
import { getSecretBox } from "@/lib/secrets/key";

export type { EngineRow };

/** The TLS material of a stored engine, opened for one client; null without TLS. */
export function openEngineTls(row: Pick<EngineRow, "tlsCaSealed" | "tlsCertSealed" | "tlsKeySealed">): EngineTls | null {
  if (!row.tlsCaSealed || !row.tlsCertSealed || !row.tlsKeySealed) return null;
  const box = getSecretBox();
  return { ca: box.open(row.tlsCaSealed), cert: box.open(row.tlsCertSealed), key: box.open(row.tlsKeySealed) };
}

/**
 * The client for an ssh:// engine. ssh engines are reached through lib/docker/ssh.ts
 * (`createSshDocker({ host, port, username, privateKey, hostKey })`: one SSH connection per engine,
 * a `docker system dial-stdio` channel per request, the pinned host key checked on every connect);
 * until that transport is part of the dashboard, an ssh:// host is refused with this 400.
 */
export function createSshEngineClient(_options: {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  hostKey: string;
}): Docker {
  throw new AppError(
    "bad_request:engine",
    "ssh:// engines are not supported by this dashboard yet; reach the engine over tcp:// with TLS.",
  );
}

/** A dockerode client for how a stored engine (or one about to be stored) is reached. */
export function createEngineClient({
  host,
  tls,
  sshKey,
  sshHostKey,
}: {
  host: string;
  tls: EngineTls | null;
  sshKey?: string | null;
  sshHostKey?: string | null;
}): Docker {
  const { address } = parseEngineHost(host, { tls: Boolean(tls) });
  if (address.scheme === "ssh") {
    if (!sshKey || !sshHostKey) throw new AppError("bad_request:engine", `ssh engine ${host} has no key or no pinned host key.`);
    return createSshEngineClient({
      host: address.host,
      port: address.port,
      username: address.username,
      privateKey: sshKey,
      hostKey: sshHostKey,
    });
  }
  return createDockerClient({ host, tls });
}

type CachedConnection = { version: number; connection: EngineConnection };

// On globalThis: the route bundles each get a copy of this module, and must share the clients (and
// the event streams and caches that are kept by engine id in lib/docker).
const globalForEngines = globalThis as unknown as { dashboardEngineConnections?: Map<string, CachedConnection> };
const connections: Map<string, CachedConnection> = (globalForEngines.dashboardEngineConnections ??= new Map());

/**
 * The connection of a stored engine, kept while the row is unchanged. A row changed since (by this
 * server or another sharing the database: `updatedAt` moved) gets a new client, and what lib/docker
 * keeps for the engine (status, image-list cache, event stream) moves to it.
 */
export function connectionOfRow(row: EngineRow): EngineConnection {
  const version = row.updatedAt.getTime();
  const cached = connections.get(row.id);
  if (cached && cached.version === version) return cached.connection;
  const docker = createEngineClient({
    host: row.host,
    tls: openEngineTls(row),
    sshKey: row.sshKeySealed ? getSecretBox().open(row.sshKeySealed) : null,
    sshHostKey: row.sshHostKey,
  });
  const connection: EngineConnection = { id: row.id, name: row.name, host: row.host, kind: row.kind as EngineKind, docker };
  connections.set(row.id, { version, connection });
  if (cached) forgetEngineConnection(row.id, connection);
  return connection;
}

/**
 * What lib/docker keeps for an engine is dropped: its status and cached lists; its event stream
 * moves to `replacement` (the engine was edited), or is left to close (it was removed).
 */
export function forgetEngineConnection(id: string, replacement?: EngineConnection): void {
  if (!replacement) connections.delete(id);
  forgetEngineStatus(id);
  invalidateEngineSnapshot(id);
  if (replacement) reconnectEngineEvents(replacement);
}

/** A stored engine's row; an unknown id is a 404. */
export async function findEngineRow(id: string): Promise<EngineRow> {
  const row = await getDb().engine.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:engine", `No engine with id ${id}; GET /api/engines lists them.`, { details: { engine: id } });
  return row;
}

/**
 * The engine a request runs on: `id`'s, or the default engine (DOCKER_HOST's) when `id` is absent
 * or `default`. An unknown id is a 404 ("engine not found").
 *
 * @example await runOnEngine(await resolveEngine(query.engine), () => listImages())
 */
export async function resolveEngine(id?: string | null): Promise<EngineConnection> {
  if (!id || id === DEFAULT_ENGINE_ID) return getDefaultEngine();
  return connectionOfRow(await findEngineRow(id));
}

/**
 * Every engine's connection: the default engine first, then the stored ones by name. An engine
 * whose client cannot be made (an ssh engine without the ssh transport) is left out: it is listed
 * as down by listEngines.
 */
export async function listEngineConnections(): Promise<EngineConnection[]> {
  const rows = await getDb().engine.findMany({ orderBy: { name: "asc" } });
  const stored: EngineConnection[] = [];
  for (const row of rows) {
    try {
      stored.push(connectionOfRow(row));
    } catch {
      // Listed as down, with the reason, by listEngines.
    }
  }
  return [getDefaultEngine(), ...stored];
}

function viewOf(
  engine: { id: string; name: string; host: string; kind: EngineKind },
  probe: EngineProbe,
  row: EngineRow | null,
): EngineView {
  return {
    id: engine.id,
    name: engine.name,
    host: engine.host,
    kind: probe.state === "up" ? probe.kind : engine.kind,
    default: engine.id === DEFAULT_ENGINE_ID,
    ...(probe.state === "up"
      ? { state: "up" as const, version: probe.version, apiVersion: probe.apiVersion, os: probe.os, storageDriver: probe.storageDriver }
      : { state: "down" as const, reason: probe.reason, error: probe.error }),
    tls: row ? Boolean(row.tlsCaSealed) : false,
    ...(row?.sshHostKey ? { sshHostKey: row.sshHostKey } : {}),
    ...(row ? { createdAt: row.createdAt.toISOString() } : {}),
  };
}

/** A fresh look at one engine (never throws: a down engine is a view with its reason). */
export async function lookAtEngine(engine: EngineConnection, row: EngineRow | null): Promise<EngineView> {
  return viewOf(engine, await runOnEngine(engine, () => probeEngine()), row);
}

async function lookAtRow(row: EngineRow): Promise<EngineView> {
  let connection: EngineConnection;
  try {
    connection = connectionOfRow(row);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return viewOf(row as EngineRow & { kind: EngineKind }, { state: "down", reason: "unreachable", error: message }, row);
  }
  return lookAtEngine(connection, row);
}

/**
 * Every engine with a fresh look at its health, the default engine first. All are asked at once,
 * each within a short timeout, so a down engine costs the list at most that timeout, not one per
 * engine.
 */
export async function listEngines({ current = DEFAULT_ENGINE_ID }: { current?: string } = {}): Promise<EngineList> {
  const rows = await getDb().engine.findMany({ orderBy: { name: "asc" } });
  const engines = await Promise.all([lookAtEngine(getDefaultEngine(), null), ...rows.map(lookAtRow)]);
  return { engines, current: engines.some((engine) => engine.id === current) ? current : DEFAULT_ENGINE_ID };
}

/** One engine with a fresh look at its health; an unknown id is a 404. */
export async function getEngine(id: string): Promise<EngineView> {
  if (id === DEFAULT_ENGINE_ID) return lookAtEngine(getDefaultEngine(), null);
  return lookAtRow(await findEngineRow(id));
}

/** The engine a signed-in user last switched to (the default engine when none, or when it was removed). */
export async function currentEngineIdOf(userId: string | null): Promise<string> {
  if (!userId) return DEFAULT_ENGINE_ID;
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { engineId: true } });
  if (!user?.engineId) return DEFAULT_ENGINE_ID;
  const exists = await getDb().engine.findUnique({ where: { id: user.engineId }, select: { id: true } });
  return exists ? user.engineId : DEFAULT_ENGINE_ID;
}

/**
 * The engine a signed-in user works on, for what is not a route (a page rendered on the server):
 * `await runOnEngine(await engineOfUser(userId), () => …)`.
 */
export async function engineOfUser(userId: string | null): Promise<EngineConnection> {
  return resolveEngine(await currentEngineIdOf(userId));
}
