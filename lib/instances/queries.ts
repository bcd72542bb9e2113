import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { HEARTBEAT_LAPSE_MS, hasLapsed } from "@/lib/instances/heartbeat";
import {
  currentServerProcess,
  formatServerProcess,
  isPidAlive,
  isProcessGone,
  parseServerProcess,
  type ServerProcess,
} from "@/lib/instances/server-process";
import type { DashboardInstanceView } from "@/lib/instances/types";
import { getSecretBox } from "@/lib/secrets/key";

/** This process's instance id (host/pid/start time), as its audit rows and heartbeat row carry it. */
export function currentInstanceId(): string {
  return formatServerProcess(currentServerProcess());
}

/** An instance by id, or null when it never registered (or its row was pruned). */
export async function findInstance(id: string): Promise<DashboardInstanceView | null> {
  return getDb().dashboardInstance.findUnique({ where: { id } });
}

/** Instances by id, for the ids that have a row. */
export async function findInstances(ids: string[]): Promise<Map<string, DashboardInstanceView>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb().dashboardInstance.findMany({ where: { id: { in: ids } } });
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Which of the instances that wrote rows (their ids, "host/pid/start") are gone, each with the
 * reason: one with a heartbeat row is gone once its heartbeat lapsed, on whatever host it runs, and
 * a beating one never is; one without (rows from before instances beat, or pruned) is gone when it
 * ran on this host and its pid is gone (isProcessGone). This process is never gone; ids that cannot
 * be read are left alone. The rule the audit log's interrupted rows follow, for any table whose
 * rows record the instance that writes them (builds).
 *
 * @example await findGoneInstances(["web-1/4242/1795000000000"]) // Map { "web-1/4242/…" => "instance 4242 on web-1 stopped beating at …" }
 */
export async function findGoneInstances(
  ids: string[],
  {
    self = currentServerProcess(),
    isAlive = isPidAlive,
    now = new Date(),
    lapseMs = HEARTBEAT_LAPSE_MS,
  }: { self?: ServerProcess; isAlive?: (pid: number) => boolean; now?: Date; lapseMs?: number } = {},
): Promise<Map<string, string>> {
  const selfId = formatServerProcess(self);
  const unique = [...new Set(ids)].filter((id) => id !== selfId);
  const instances = await findInstances(unique);
  const gone = new Map<string, string>();
  for (const id of unique) {
    const writer = parseServerProcess(id);
    if (!writer) continue;
    const instance = instances.get(id);
    if (instance) {
      if (hasLapsed({ heartbeatAt: instance.heartbeatAt, now, lapseMs }))
        gone.set(
          id,
          `instance ${writer.pid} on ${writer.host} stopped beating at ${instance.heartbeatAt.toISOString()}; noticed by ${self.host}/${self.pid}`,
        );
    } else if (isProcessGone(writer, self, isAlive)) {
      gone.set(id, `process ${writer.pid} on ${writer.host} is gone; noticed by ${self.host}/${self.pid}`);
    }
  }
  return gone;
}

/**
 * The ids of the instances whose heartbeat is live (within HEARTBEAT_LAPSE_MS of `now`), this one
 * always among them.
 */
export async function liveInstanceIds(now = new Date()): Promise<string[]> {
  const rows = await getDb().dashboardInstance.findMany({
    where: { heartbeatAt: { gte: new Date(now.getTime() - HEARTBEAT_LAPSE_MS) } },
    select: { id: true },
  });
  return [...new Set([currentInstanceId(), ...rows.map((row) => row.id)])];
}

/**
 * Whether any instance but this one has a live heartbeat: then something this process changes in
 * the database may sit in that one's memory for a moment (see lib/auth/sessions).
 */
export async function hasOtherLiveInstance(now = new Date()): Promise<boolean> {
  const other = await getDb().dashboardInstance.findFirst({
    where: { id: { not: currentInstanceId() }, heartbeatAt: { gte: new Date(now.getTime() - HEARTBEAT_LAPSE_MS) } },
    select: { id: true },
  });
  return other !== null;
}

/** A database that does not answer within this long counts as unreachable (a load balancer waits less). */
const DATABASE_CHECK_TIMEOUT_MS = 3_000;

/**
 * Whether this instance can reach its database: one trivial query, within 3 s. Null when it can,
 * else the reason, naming the database (the SQLite file, or the server of a URL without its password).
 *
 * @example await checkDatabase() // null, or "The database (SQLite /srv/dash/dashboard.db) cannot be reached: …"
 */
export async function checkDatabase(): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_CHECK_TIMEOUT_MS / 1000} s`)), DATABASE_CHECK_TIMEOUT_MS);
      }),
    ]);
    return null;
  } catch (error) {
    return `The database (${describeDatabase(getEnv().databaseUrl)}) cannot be reached: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A database URL as it may be shown: the SQLite file, or the server and database without credentials.
 *
 * @example describeDatabase("postgresql://app:secret@db:5432/dash") // "PostgreSQL db:5432/dash"
 */
export function describeDatabase(url: string): string {
  if (url.startsWith("file:")) return `SQLite ${url.slice("file:".length)}`;
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.host}${parsed.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

/**
 * The stored secrets (registry passwords, engines' TLS and ssh keys) this instance's key cannot
 * open, by what they belong to. Instances sharing a database need the same DASHBOARD_SECRET_KEY:
 * one started with a key file of its own serves everything else, and fails only later, at each
 * registry push or engine connection. Said once at start (instrumentation.ts) and by the health
 * check for viewers.
 *
 * @example (await secretsSealedWithAnotherKey()) // ["registry 127.0.0.1:5000"]
 */
export async function secretsSealedWithAnotherKey(): Promise<string[]> {
  const box = getSecretBox();
  const opens = (sealed: string | null) => {
    if (sealed === null) return true;
    try {
      box.open(sealed);
      return true;
    } catch {
      return false;
    }
  };
  const [registries, engines] = await Promise.all([
    getDb().registry.findMany({ select: { address: true, secretSealed: true }, orderBy: { address: "asc" } }),
    getDb().engine.findMany({
      select: { name: true, tlsCaSealed: true, tlsCertSealed: true, tlsKeySealed: true, sshKeySealed: true },
      orderBy: { name: "asc" },
    }),
  ]);
  return [
    ...registries.filter((registry) => !opens(registry.secretSealed)).map((registry) => `registry ${registry.address}`),
    ...engines
      .filter((engine) => ![engine.tlsCaSealed, engine.tlsCertSealed, engine.tlsKeySealed, engine.sshKeySealed].every(opens))
      .map((engine) => `engine ${engine.name}`),
  ];
}
