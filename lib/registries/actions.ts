import "server-only";
import { recordAction, recordEvent } from "@/lib/audit/actions";
import { dockerLoginCommand } from "@/lib/cli/command";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { normalizeRegistryAddress, registryBaseUrl } from "@/lib/registries/address";
import { findRegistryRow, registryCredentials, toRegistryView } from "@/lib/registries/queries";
import type {
  CreateRegistryBody,
  DeletedRepositoryTag,
  RegistryLoginResult,
  RegistryView,
  UpdateRegistryBody,
} from "@/lib/registries/types";
import { deleteRepositoryTag, testRegistryLogin } from "@/lib/registries/v2-client";
import { getSecretBox } from "@/lib/secrets/key";

/** Saves a registry's credentials, the password sealed at rest; an address saved already is a 409. */
export async function createRegistry({
  address,
  username,
  password,
  actor,
}: CreateRegistryBody & { actor: string }): Promise<RegistryView> {
  const normalized = normalizeRegistryAddress(address);
  const db = getDb();
  if (await db.registry.findUnique({ where: { address: normalized } })) {
    throw new AppError("conflict:registry", `Registry ${normalized} is saved already; update it instead.`);
  }
  const row = await db.registry.create({ data: { address: normalized, username, secretSealed: getSecretBox().seal(password) } });
  await recordEvent({
    action: "registry.create",
    target: normalized,
    actor,
    outcome: "succeeded",
    params: { address: normalized, username },
  });
  return toRegistryView(row);
}

export async function updateRegistry({
  id,
  changes,
  actor,
}: {
  id: string;
  changes: UpdateRegistryBody;
  actor: string;
}): Promise<RegistryView> {
  const row = await findRegistryRow(id);
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
  return toRegistryView(updated);
}

/** Forgets a registry and its credentials. */
export async function deleteRegistry({ id, actor }: { id: string; actor: string }): Promise<void> {
  const row = await findRegistryRow(id);
  await getDb().registry.delete({ where: { id } });
  await recordEvent({ action: "registry.delete", target: row.address, actor, outcome: "succeeded" });
}

/** `docker login` against a saved registry, recorded in the audit log (a refusal is a failed row, not an error). */
export async function testSavedRegistry({ id, actor }: { id: string; actor: string }): Promise<RegistryLoginResult> {
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

/**
 * Deletes a tag's manifest in a saved registry, audited. The registry must allow deletes in its
 * configuration (409 otherwise); other tags on the same manifest go with it.
 */
export async function deleteRegistryTag({
  id,
  repository,
  tag,
  actor,
}: {
  id: string;
  repository: string;
  tag: string;
  actor: string;
}): Promise<DeletedRepositoryTag> {
  const credentials = await registryCredentials(id);
  const { digest } = await recordAction(
    {
      action: "registry.delete-tag",
      target: `${credentials.address}/${repository}:${tag}`,
      params: { registry: credentials.address, repository, tag },
      // The docker CLI cannot delete from a registry; this is the API call it stands for.
      command: `curl -u ${credentials.username} -X DELETE ${registryBaseUrl(credentials.address)}/v2/${repository}/manifests/<digest of ${tag}>`,
      actor,
    },
    () => deleteRepositoryTag(credentials, repository, tag),
  );
  return { repository, tag, digest };
}
