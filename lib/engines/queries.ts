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
import { closeSshDocker, createSshDocker, isSshEngineError } from "@/lib/docker/ssh";
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
 * The client for an ssh:// engine (lib/docker/ssh.ts): one SSH connection per engine, a `docker
 * system dial-stdio` channel per request, the pinned host key checked on every connect. A private
 * key that cannot be read is a 400 naming the engine.
 */
export function createSshEngineClient(options: {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  hostKey: string;
}): Docker {
  try {
    return createSshDocker(options);
  } catch (error) {
    if (isSshEngineError(error)) throw new AppError("bad_request:engine", `${error.message}.`, { cause: error });
    throw error;
  }
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
  let secrets: { tls: EngineTls | null; sshKey: string | null };
  try {
    secrets = { tls: openEngineTls(row), sshKey: row.sshKeySealed ? getSecretBox().open(row.sshKeySealed) : null };
  } catch (error) {
    // Sealed with another key (DASHBOARD_SECRET_KEY changed, or the key file was lost).
    throw new AppError(
      "unavailable:engine",
      `The stored keys of engine "${row.name}" cannot be opened with this server's secret key (was DASHBOARD_SECRET_KEY changed?); give them again with PATCH /api/engines/${row.id}.`,
      { cause: error, details: { engine: row.id } },
    );
  }
  const docker = createEngineClient({ host: row.host, tls: secrets.tls, sshKey: secrets.sshKey, sshHostKey: row.sshHostKey });
  const connection: EngineConnection = { id: row.id, name: row.name, host: row.host, kind: row.kind as EngineKind, docker };
  connections.set(row.id, { version, connection });
  if (cached) {
    forgetEngineConnection(row.id, connection);
    // An ssh engine's old client holds an SSH connection: it goes once the event stream has moved.
    closeSshDocker(cached.connection.docker);
  }
  return connection;
}

/**
 * What lib/docker keeps for an engine is dropped: its status and cached lists; its event stream
 * moves to `replacement` (the engine was edited), or is left to close (it was removed).
 */
export function forgetEngineConnection(id: string, replacement?: EngineConnection): void {
  if (!replacement) {
    const removed = connections.get(id);
    connections.delete(id);
    if (removed) closeSshDocker(removed.connection.docker);
  }
  silentEngines.delete(id);
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

/** An engine as the API shows it, from a look at it (see probeEngine) and its row (null for the default engine). */
export function viewOf(
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
      ? {
          state: "up" as const,
          ...(probe.version === undefined
            ? {}
            : { version: probe.version, apiVersion: probe.apiVersion, os: probe.os, storageDriver: probe.storageDriver }),
        }
      : { state: "down" as const, reason: probe.reason, error: probe.error }),
    tls: row ? Boolean(row.tlsCaSealed) : false,
    ...(row?.sshHostKey ? { sshHostKey: row.sshHostKey } : {}),
    ...(row ? { createdAt: row.createdAt.toISOString() } : {}),
  };
}

/** How long an engine that timed out is answered from that look (re-checked behind) instead of waited for again. */
const SILENT_ENGINE_MEMORY_MS = 15_000;

// The last look that timed out, per engine id (globalThis: shared by the route bundles).
const globalForLooks = globalThis as unknown as {
  dashboardSilentEngines?: Map<string, { probe: EngineProbe; at: number; checking: boolean }>;
};
const silentEngines = (globalForLooks.dashboardSilentEngines ??= new Map());

async function probeRemembering(engine: EngineConnection): Promise<EngineProbe> {
  const probe = await runOnEngine(engine, () => probeEngine());
  if (probe.state === "down" && probe.reason === "timeout") silentEngines.set(engine.id, { probe, at: Date.now(), checking: false });
  else silentEngines.delete(engine.id);
  return probe;
}

/**
 * A look at one engine (never throws: a down engine is a view with its reason). An engine whose
 * last look timed out less than SILENT_ENGINE_MEMORY_MS ago is answered from that look at once and
 * looked at again behind it: a host that swallows connections costs each list of engines nothing
 * after the first, instead of the whole timeout every time.
 */
export async function lookAtEngine(
  engine: EngineConnection,
  row: EngineRow | null,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<EngineView> {
  const silent = silentEngines.get(engine.id);
  if (!fresh && silent && Date.now() - silent.at < SILENT_ENGINE_MEMORY_MS) {
    if (!silent.checking) {
      silent.checking = true;
      void probeRemembering(engine).catch(() => undefined);
    }
    return viewOf(engine, silent.probe, row);
  }
  return viewOf(engine, await probeRemembering(engine), row);
}

async function lookAtRow(row: EngineRow, options: { fresh?: boolean } = {}): Promise<EngineView> {
  let connection: EngineConnection;
  try {
    connection = connectionOfRow(row);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return viewOf(row as EngineRow & { kind: EngineKind }, { state: "down", reason: "unreachable", error: message }, row);
  }
  return lookAtEngine(connection, row, options);
}

/**
 * Every engine with a fresh look at its health, the default engine first. All are asked at once,
 * each within a short timeout, so a down engine costs the list at most that timeout, not one per
 * engine.
 */
export async function listEngines({ current = DEFAULT_ENGINE_ID }: { current?: string } = {}): Promise<EngineList> {
  const rows = await getDb().engine.findMany({ orderBy: { name: "asc" } });
  const engines = await Promise.all([lookAtEngine(getDefaultEngine(), null), ...rows.map((row) => lookAtRow(row))]);
  return { engines, current: engines.some((engine) => engine.id === current) ? current : DEFAULT_ENGINE_ID };
}

/** One engine with a look at its health (`fresh`: never the remembered look of a silent engine); an unknown id is a 404. */
export async function getEngine(id: string, options: { fresh?: boolean } = {}): Promise<EngineView> {
  if (id === DEFAULT_ENGINE_ID) return lookAtEngine(getDefaultEngine(), null, options);
  return lookAtRow(await findEngineRow(id), options);
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
