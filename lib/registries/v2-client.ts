import "server-only";
import { AppError } from "@/lib/errors";
import { registryBaseUrl } from "@/lib/registries/address";
import type { RegistryLoginResult } from "@/lib/registries/types";

/** What the dashboard needs to talk to a registry: where, and as whom. */
export type RegistryCredentials = { address: string; username: string; password: string };

const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

type Challenge = { scheme: string; params: Record<string, string> };

function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const part of match[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[part[1]!] = part[2]!;
  return { scheme: match[1]!.toLowerCase(), params };
}

function basic({ username, password }: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

function registryUnreachable(address: string, error: unknown): AppError {
  const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return new AppError("unavailable:registry", `Registry ${address} is not reachable: ${reason}`, { cause: error });
}

/**
 * A request to the Registry HTTP API v2 that answers the registry's challenge the way
 * `docker login` does: Basic credentials directly, or a Bearer token fetched from the realm the
 * challenge names (https://distribution.github.io/distribution/spec/auth/token/).
 */
export async function registryFetch(
  credentials: RegistryCredentials | null,
  address: string,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const url = `${registryBaseUrl(address)}${path}`;
  const attempt = (authorization?: string) =>
    fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(authorization ? { authorization } : {}) },
      redirect: "follow",
      signal: init.signal ?? AbortSignal.timeout(15_000),
    });
  let response: Response;
  try {
    response = await attempt();
    if (response.status !== 401 || !credentials) return response;
    const challenge = parseChallenge(response.headers.get("www-authenticate"));
    if (challenge?.scheme === "basic") return await attempt(basic(credentials));
    if (challenge?.scheme === "bearer" && challenge.params.realm) {
      const tokenUrl = new URL(challenge.params.realm);
      if (challenge.params.service) tokenUrl.searchParams.set("service", challenge.params.service);
      // A challenge names its scopes space-separated in one parameter (e.g. a cross-repository
      // mount: "repository:b:pull,push repository:a:pull"); the token request repeats `scope`
      // once per scope (https://distribution.github.io/distribution/spec/auth/token/).
      for (const scope of (challenge.params.scope ?? "").split(" ").filter(Boolean)) tokenUrl.searchParams.append("scope", scope);
      const tokenResponse = await fetch(tokenUrl, { headers: { authorization: basic(credentials) }, signal: AbortSignal.timeout(15_000) });
      if (!tokenResponse.ok) return tokenResponse;
      const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      return token ? await attempt(`Bearer ${token}`) : tokenResponse;
    }
    return response;
  } catch (error) {
    throw registryUnreachable(address, error);
  }
}

/**
 * `docker login` semantics: GET /v2/ with the credentials. Returns whether they were accepted
 * and, when not, a sentence that says why.
 */
export async function testRegistryLogin(credentials: RegistryCredentials): Promise<RegistryLoginResult> {
  const response = await registryFetch(credentials, credentials.address, "/v2/");
  if (response.ok)
    return { ok: true, status: response.status, message: `Login Succeeded: ${credentials.address} accepted ${credentials.username}.` };
  if (response.status === 401 || response.status === 403) {
    return {
      ok: false,
      status: response.status,
      message: `Authentication failed for ${credentials.address}: the registry refused ${credentials.username}'s credentials.`,
    };
  }
  return { ok: false, status: response.status, message: `Registry ${credentials.address} answered HTTP ${response.status} to /v2/.` };
}

async function expectOk(response: Response, address: string, what: string): Promise<Response> {
  if (response.ok) return response;
  if (response.status === 401 || response.status === 403) {
    throw new AppError("upstream:registry_login", `Authentication failed for registry ${address} while ${what}.`);
  }
  if (response.status === 404) throw new AppError("not_found:registry", `Registry ${address} has no ${what.replace(/^reading /, "")}.`);
  if (response.status === 405)
    throw new AppError("conflict:registry", `Registry ${address} does not allow ${what} (deletes are disabled in its configuration).`);
  throw new AppError("upstream:registry", `Registry ${address} answered HTTP ${response.status} while ${what}.`);
}

/** The repositories of a registry:2 (`GET /v2/_catalog`). */
export async function listRepositories(credentials: RegistryCredentials): Promise<string[]> {
  const response = await expectOk(
    await registryFetch(credentials, credentials.address, "/v2/_catalog?n=1000"),
    credentials.address,
    "reading the catalog",
  );
  return ((await response.json()) as { repositories?: string[] }).repositories ?? [];
}

/** The tags of one repository (`GET /v2/<name>/tags/list`). */
export async function listRepositoryTags(credentials: RegistryCredentials, repository: string): Promise<string[]> {
  const response = await expectOk(
    await registryFetch(credentials, credentials.address, `/v2/${repository}/tags/list`),
    credentials.address,
    `reading repository ${repository}`,
  );
  return (((await response.json()) as { tags?: string[] | null }).tags ?? []).sort();
}

/**
 * Deletes a tag's manifest: the registry API deletes by digest, so the tag is resolved first.
 * Other tags pointing at the same manifest go with it, as the registry defines deletion.
 */
export async function deleteRepositoryTag(credentials: RegistryCredentials, repository: string, tag: string): Promise<{ digest: string }> {
  const head = await expectOk(
    await registryFetch(credentials, credentials.address, `/v2/${repository}/manifests/${tag}`, {
      method: "HEAD",
      headers: { accept: MANIFEST_TYPES },
    }),
    credentials.address,
    `reading ${repository}:${tag}`,
  );
  const digest = head.headers.get("docker-content-digest");
  if (!digest) throw new AppError("upstream:registry", `Registry ${credentials.address} did not say the digest of ${repository}:${tag}.`);
  await expectOk(
    await registryFetch(credentials, credentials.address, `/v2/${repository}/manifests/${digest}`, { method: "DELETE" }),
    credentials.address,
    `deleting ${repository}:${tag}`,
  );
  return { digest };
}
