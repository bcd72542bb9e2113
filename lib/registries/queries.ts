import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RegistryView, RepositoryList, RepositoryTags } from "@/lib/registries/types";
import { listRepositories, listRepositoryTags, type RegistryCredentials } from "@/lib/registries/v2-client";
import { getSecretBox } from "@/lib/secrets/key";

type RegistryRow = { id: string; address: string; username: string; secretSealed: string; createdAt: Date; updatedAt: Date };

/** A stored registry row as the API shows it: the sealed password stays behind. */
export function toRegistryView(row: Omit<RegistryRow, "secretSealed">): RegistryView {
  return {
    id: row.id,
    address: row.address,
    username: row.username,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function openCredentials(row: RegistryRow): RegistryCredentials {
  return { address: row.address, username: row.username, password: getSecretBox().open(row.secretSealed) };
}

/** The stored row of a saved registry, for this folder's actions; an unknown id is a 404. */
export async function findRegistryRow(id: string): Promise<RegistryRow> {
  const row = await getDb().registry.findUnique({ where: { id } });
  if (!row) throw new AppError("not_found:registry", `No saved registry with id ${id}.`);
  return row;
}

/** Saved registries by address, never their passwords. */
export async function listRegistries(): Promise<RegistryView[]> {
  return (await getDb().registry.findMany({ orderBy: { address: "asc" } })).map(toRegistryView);
}

export async function getRegistry(id: string): Promise<RegistryView> {
  return toRegistryView(await findRegistryRow(id));
}

/** The stored credentials of a saved registry, opened for one use (push, pull, browse, test). */
export async function registryCredentials(id: string): Promise<RegistryCredentials> {
  return openCredentials(await findRegistryRow(id));
}

/** Credentials for the registry a reference names, if one is saved (else the engine goes anonymous). */
export async function credentialsForAddress(address: string): Promise<RegistryCredentials | null> {
  const row = await getDb().registry.findUnique({ where: { address } });
  return row ? openCredentials(row) : null;
}

/** A saved registry's catalog, read with its credentials. */
export async function listRegistryRepositories({ id }: { id: string }): Promise<RepositoryList> {
  return { repositories: await listRepositories(await registryCredentials(id)) };
}

/** The tags of one repository in a saved registry. */
export async function listRegistryTags({ id, repository }: { id: string; repository: string }): Promise<RepositoryTags> {
  return { repository, tags: await listRepositoryTags(await registryCredentials(id), repository) };
}
