import "server-only";
import { z } from "zod";
import { recordEvent } from "@/lib/audit/audit";
import { dockerLoginCommand } from "@/lib/cli/command";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { normalizeRegistryAddress } from "@/lib/registries/address";
import { testRegistryLogin, type RegistryCredentials } from "@/lib/registries/v2-client";
import type { RegistryView } from "@/lib/registries/types";
import { getSecretBox } from "@/lib/secrets/key";

export const registryBodySchema = z.object({
  address: z.string({ error: "address is required" }).min(1, "address is required").max(255),
  username: z.string({ error: "username is required" }).min(1, "username is required").max(255),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(4096),
});
export const registryUpdateSchema = registryBodySchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, "give at least one of address, username, password");

export type { RegistryView };

function toView(row: { id: string; address: string; username: string; createdAt: Date; updatedAt: Date }): RegistryView {
  return {
    id: row.id,
    address: row.address,
    username: row.username,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listRegistries(): Promise<RegistryView[]> {
  return (await getDb().registry.findMany({ orderBy: { address: "asc" } })).map(toView);
}

async function findRegistry(id: string) {
  const row = await getDb().registry.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:registry", 404, `No saved registry with id ${id}.`);
  return row;
}

export async function getRegistry(id: string): Promise<RegistryView> {
  return toView(await findRegistry(id));
}

/** The stored credentials of a saved registry, opened for one use (push, pull, browse, test). */
export async function registryCredentials(id: string): Promise<RegistryCredentials> {
  const row = await findRegistry(id);
  return { address: row.address, username: row.username, password: getSecretBox().open(row.secretSealed) };
}

/** Credentials for the registry a reference names, if one is saved (else the engine goes anonymous). */
export async function credentialsForAddress(address: string): Promise<RegistryCredentials | null> {
  const row = await getDb().registry.findUnique({ where: { address } });
  return row ? { address: row.address, username: row.username, password: getSecretBox().open(row.secretSealed) } : null;
}

export async function createRegistry({
  address,
  username,
  password,
  actor,
}: z.infer<typeof registryBodySchema> & { actor: string }): Promise<RegistryView> {
  const normalized = normalizeRegistryAddress(address);
  const db = getDb();
  if (await db.registry.findUnique({ where: { address: normalized } })) {
    throw new AppError("conflict:registry", 409, `Registry ${normalized} is saved already; update it instead.`);
  }
  const row = await db.registry.create({ data: { address: normalized, username, secretSealed: getSecretBox().seal(password) } });
  await recordEvent({
    action: "registry.create",
    target: normalized,
    actor,
    outcome: "succeeded",
    params: { address: normalized, username },
  });
  return toView(row);
}

export async function updateRegistry({
  id,
  changes,
  actor,
}: {
  id: string;
  changes: z.infer<typeof registryUpdateSchema>;
  actor: string;
}): Promise<RegistryView> {
  const row = await findRegistry(id);
  const updated = await getDb().registry.update({
    where: { id },
    data: {
      ...(changes.address ? { address: normalizeRegistryAddress(changes.address) } : {}),
      ...(changes.username ? { username: changes.username } : {}),
      ...(changes.password ? { secretSealed: getSecretBox().seal(changes.password) } : {}),
    },
  });
  await recordEvent({
    action: "registry.update",
    target: row.address,
    actor,
    outcome: "succeeded",
    params: { address: changes.address, username: changes.username, passwordChanged: changes.password ? true : undefined },
  });
  return toView(updated);
}

export async function deleteRegistry({ id, actor }: { id: string; actor: string }): Promise<void> {
  const row = await findRegistry(id);
  await getDb().registry.delete({ where: { id } });
  await recordEvent({ action: "registry.delete", target: row.address, actor, outcome: "succeeded" });
}

/** `docker login` against a saved registry, recorded in the audit log. */
export async function testSavedRegistry({ id, actor }: { id: string; actor: string }) {
  const credentials = await registryCredentials(id);
  const result = await testRegistryLogin(credentials);
  await recordEvent({
    action: "registry.login",
    target: credentials.address,
    actor,
    outcome: result.ok ? "succeeded" : "failed",
    error: result.ok ? undefined : result.message,
    command: dockerLoginCommand({ registry: credentials.address, username: credentials.username }),
  });
  return result;
}
