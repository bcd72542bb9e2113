import "server-only";
import { randomUUID } from "node:crypto";
import { recordEvent } from "@/lib/audit/actions";
import { DEFAULT_ENGINE_ID, runOnEngine, type EngineConnection, type EngineKind } from "@/lib/docker/client";
import { ENGINE_ADD_TIMEOUT_MS, probeEngine, type EngineProbe } from "@/lib/docker/engine";
import { closeEngineEvents } from "@/lib/docker/events";
import { closeSshDocker, readSshHostKey } from "@/lib/docker/ssh";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { dockerContextCreateCommand, dockerContextRemoveCommand, dockerContextUpdateCommand, parseEngineHost } from "@/lib/engines/host";
import {
  connectionOfRow,
  createEngineClient,
  findEngineRow,
  forgetEngineConnection,
  getEngine,
  lookAtEngine,
  openEngineTls,
  resolveEngine,
  viewOf,
} from "@/lib/engines/queries";
import type { CreateEngineBody, CurrentEngine, EngineTls, EngineView, UpdateEngineBody } from "@/lib/engines/types";
import { getSecretBox } from "@/lib/secrets/key";

type Candidate = { name: string; host: string; tls: EngineTls | null; sshKey: string | null; sshHostKey: string | null };

/**
 * Pings an engine that is about to be saved, on a client of its own: a 400 naming what failed
 * (refused, TLS error, timeout, not a Docker API) unless it answers as an engine. Returns its kind.
 */
async function checkReachable(candidate: Candidate): Promise<Extract<EngineProbe, { state: "up" }>> {
  const docker = createEngineClient(candidate);
  // A connection of its own, under an id no stored engine has: nothing kept per engine is touched.
  const connection: EngineConnection = {
    id: `candidate-${randomUUID()}`,
    name: candidate.name,
    host: candidate.host,
    kind: "docker",
    docker,
  };
  // The candidate's own client (an ssh engine's holds an SSH connection) goes after the check.
  const probe = await runOnEngine(connection, () => probeEngine({ cached: false, timeoutMs: ENGINE_ADD_TIMEOUT_MS })).finally(() =>
    closeSshDocker(docker),
  );
  if (probe.state === "down") {
    throw new AppError("bad_request:engine", `Engine "${candidate.name}" at ${candidate.host} did not pass its check: ${probe.error}`, {
      details: { reason: probe.reason },
    });
  }
  return probe;
}

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const existing = await getDb().engine.findUnique({ where: { name }, select: { id: true } });
  if (existing && existing.id !== exceptId)
    throw new AppError("conflict:engine", `An engine named "${name}" exists already; pick another name.`);
}

function sealOrNull(text: string | null | undefined): string | null {
  return text ? getSecretBox().seal(text) : null;
}

/**
 * The engine's ssh host key, read from the server to be pinned: its fingerprint (`SHA256:…`, as
 * `ssh-keygen -lf` prints it), which every later connection must present. A server that cannot be
 * reached is a 400 naming it.
 */
async function readHostKeyToPin(address: { host: string; port: number }, host: string): Promise<string> {
  try {
    return (await readSshHostKey({ host: address.host, port: address.port })).fingerprint;
  } catch (error) {
    throw new AppError("bad_request:engine", `Could not read the ssh host key of ${host}: ${messageOf(error)}.`, {
      cause: error,
      details: { reason: "unreachable" },
    });
  }
}

/**
 * Adds an engine after a successful ping, its TLS material or ssh key sealed at rest; audited as
 * `engine.add` with its `docker context create` line. A name in use is a 409; an engine that does
 * not answer as one is a 400 naming what failed.
 *
 * @example await addEngine({ name: "build box", host: "tcp://10.0.0.7:2376", tls: { ca, cert, key }, actor: "ana" })
 */
export async function addEngine({ name, host, tls, sshKey, actor }: CreateEngineBody & { actor: string }): Promise<EngineView> {
  const normalized = parseEngineHost(host, { tls: Boolean(tls) });
  const command = dockerContextCreateCommand({ name, host: normalized.host, tls: Boolean(tls) });
  const params = { name, host: normalized.host, tls: Boolean(tls), sshKey: Boolean(sshKey) };
  try {
    await assertNameFree(name);
    const sshHostKey = normalized.address.scheme === "ssh" ? await readHostKeyToPin(normalized.address, normalized.host) : null;
    const probe = await checkReachable({ name, host: normalized.host, tls: tls ?? null, sshKey: sshKey ?? null, sshHostKey });
    const kind = probe.kind;
    const row = await getDb().engine.create({
      data: {
        name,
        host: normalized.host,
        kind,
        tlsCaSealed: sealOrNull(tls?.ca),
        tlsCertSealed: sealOrNull(tls?.cert),
        tlsKeySealed: sealOrNull(tls?.key),
        sshKeySealed: sealOrNull(sshKey),
        sshHostKey,
      },
    });
    const connection = connectionOfRow(row);
    await runOnEngine(connection, () => recordEvent({ action: "engine.add", target: name, actor, outcome: "succeeded", params, command }));
    // What the check just read: a fresh look could miss facts a slow engine is still gathering.
    return viewOf(connection, probe, row);
  } catch (error) {
    await recordEvent({ action: "engine.add", target: name, actor, outcome: "failed", params, command, error: messageOf(error) });
    throw error;
  }
}

/** The engine's connection for its audit rows, or null when it cannot be made (the row names it then by its target). */
function connectionOrNull(row: Parameters<typeof connectionOfRow>[0]): EngineConnection | null {
  try {
    return connectionOfRow(row);
  } catch {
    return null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function refuseDefault(id: string, what: string): void {
  if (id === DEFAULT_ENGINE_ID) {
    throw new AppError(
      "bad_request:engine",
      `The default engine is DOCKER_HOST's: it cannot be ${what} here (change DOCKER_HOST and restart).`,
    );
  }
}

/**
 * Renames an engine or changes how it is reached (host, TLS material, ssh key). A changed
 * connection is pinged first (400 naming what failed); the client is made again and the engine's
 * event stream moves to it. Audited as `engine.update`.
 */
export async function updateEngine({ id, changes, actor }: { id: string; changes: UpdateEngineBody; actor: string }): Promise<EngineView> {
  refuseDefault(id, "changed");
  const row = await findEngineRow(id);
  const name = changes.name ?? row.name;
  const tls = changes.tls === null ? null : (changes.tls ?? openEngineTls(row));
  const normalized = parseEngineHost(changes.host ?? row.host, { tls: Boolean(tls) });
  const connectionChanged = changes.host !== undefined || changes.tls !== undefined || changes.sshKey !== undefined;
  const params = {
    name: changes.name,
    host: changes.host === undefined ? undefined : normalized.host,
    tls: changes.tls === undefined ? undefined : changes.tls === null ? "removed" : "replaced",
    sshKey: changes.sshKey === undefined ? undefined : "replaced",
  };
  const command = dockerContextUpdateCommand({ name: row.name, host: normalized.host, tls: Boolean(tls) });
  try {
    if (tls && normalized.address.scheme !== "tcp") throw new AppError("bad_request:engine", "tls goes with a tcp:// host.");
    await assertNameFree(name, id);
    let kind = row.kind as EngineKind;
    let sshHostKey = row.sshHostKey;
    let probe: EngineProbe | null = null;
    if (connectionChanged) {
      if (normalized.address.scheme === "ssh" && normalized.host !== row.host)
        sshHostKey = await readHostKeyToPin(normalized.address, normalized.host);
      const sshKey = changes.sshKey ?? (row.sshKeySealed ? getSecretBox().open(row.sshKeySealed) : null);
      probe = await checkReachable({ name, host: normalized.host, tls, sshKey, sshHostKey });
      kind = probe.kind;
    }
    const updated = await getDb().engine.update({
      where: { id },
      data: {
        name,
        host: normalized.host,
        kind,
        ...(changes.tls !== undefined
          ? { tlsCaSealed: sealOrNull(tls?.ca), tlsCertSealed: sealOrNull(tls?.cert), tlsKeySealed: sealOrNull(tls?.key) }
          : {}),
        ...(changes.sshKey !== undefined ? { sshKeySealed: sealOrNull(changes.sshKey) } : {}),
        sshHostKey,
      },
    });
    const next = connectionOfRow(updated);
    await runOnEngine(next, () => recordEvent({ action: "engine.update", target: name, actor, outcome: "succeeded", params, command }));
    return probe ? viewOf(next, probe, updated) : lookAtEngine(next, updated);
  } catch (error) {
    const record = () =>
      recordEvent({ action: "engine.update", target: row.name, actor, outcome: "failed", params, command, error: messageOf(error) });
    const connection = connectionOrNull(row);
    await (connection ? runOnEngine(connection, record) : record());
    throw error;
  }
}

/**
 * Forgets an engine and its sealed secrets (the engine itself is untouched): its event stream
 * closes, users who worked on it fall back to the default engine. Audited as `engine.remove`.
 */
export async function removeEngine({ id, actor }: { id: string; actor: string }): Promise<void> {
  refuseDefault(id, "removed");
  const row = await findEngineRow(id);
  // An engine whose client cannot be made (keys that no longer open, an ssh engine without the
  // transport) can still go.
  const connection = connectionOrNull(row);
  const db = getDb();
  await db.$transaction([db.user.updateMany({ where: { engineId: id }, data: { engineId: null } }), db.engine.delete({ where: { id } })]);
  closeEngineEvents(id);
  forgetEngineConnection(id);
  const record = () =>
    recordEvent({
      action: "engine.remove",
      target: row.name,
      actor,
      outcome: "succeeded",
      params: { host: row.host },
      command: dockerContextRemoveCommand(row.name),
    });
  await (connection ? runOnEngine(connection, record) : record());
}

/**
 * A fresh look at an engine (the Test button): up with its version, OS and storage driver, or down
 * with why. A stored engine whose kind turned out different (Podman behind a Docker socket) is
 * corrected.
 */
export async function testEngine({ id }: { id: string }): Promise<EngineView> {
  const view = await getEngine(id, { fresh: true });
  if (id !== DEFAULT_ENGINE_ID && view.state === "up") {
    await getDb().engine.updateMany({ where: { id, NOT: { kind: view.kind } }, data: { kind: view.kind } });
  }
  return view;
}

/**
 * Remembers the engine a signed-in user works on (the header's switcher). An unknown engine is a
 * 404; an API token has no remembered engine (it sends `?engine=`).
 */
export async function setCurrentEngine({ userId, engineId }: { userId: string | null; engineId: string }): Promise<CurrentEngine> {
  if (!userId)
    throw new AppError("bad_request:engine", "An API token has no remembered engine: send ?engine=<id> with each request instead.");
  const engine = await resolveEngine(engineId);
  await getDb().user.update({ where: { id: userId }, data: { engineId: engine.id === DEFAULT_ENGINE_ID ? null : engine.id } });
  return { engineId: engine.id };
}
