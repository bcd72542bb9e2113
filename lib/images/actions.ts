import "server-only";
import type { Readable } from "node:stream";
import { sniffArchive } from "@/lib/archive/sniff";
import { countBytes, peekStream } from "@/lib/archive/streams";
import { beginAction, recordAction, type AuditHandle } from "@/lib/audit/actions";
import {
  dockerCommitCommand,
  dockerExportCommand,
  dockerImportCommand,
  dockerLoadCommand,
  dockerPullCommand,
  dockerPushCommand,
  dockerRmiCommand,
  dockerSaveCommand,
  dockerTagCommand,
} from "@/lib/cli/command";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { containerCliName, listContainers } from "@/lib/containers/queries";
import type { ContainerSummary } from "@/lib/containers/types";
import { engineMessage } from "@/lib/docker/errors";
import { countArchiveBytes } from "@/lib/docker/framed-download";
import { inspectImage, removeImageOnEngine, tagImageOnEngine } from "@/lib/docker/images";
import { SocketBody } from "@/lib/docker/upload-pump";
import {
  commitContainerOnEngine,
  exportContainerFromEngine,
  importImageFromUrlOnEngine,
  importImageOnEngine,
  loadImagesOnEngine,
  pullImageOnEngine,
  pushImageOnEngine,
  saveImageFromEngine,
  type FramedOption,
  type RegistryAuth,
} from "@/lib/docker/transfer";
import { AppError, BadRequestError, isAppError } from "@/lib/errors";
import { validateChanges } from "@/lib/images/changes";
import type { CommittedImage, ImportedImage, LoadedImages, PulledImage, PushedImage, RemovedImage, TaggedImage } from "@/lib/images/types";
import {
  applyProgress,
  classifyRegistryError,
  initialProgress,
  type ProgressMessage,
  type ProgressState,
} from "@/lib/progress/docker-progress";
import { familiarString, looksLikeImageId, parseReference, registryOf, validateRepository, validateTag } from "@/lib/reference/reference";
import { credentialsForAddress } from "@/lib/registries/queries";
import { registryFetch, testRegistryLogin, type RegistryCredentials } from "@/lib/registries/v2-client";

// Every audited change to images: tag and rmi, then the transfers (pull, push, import, load, save,
// export, commit), which stream and report progress.

/**
 * Checks an `{ref}` from a URL: an image ID (full or short) or a reference in Docker's grammar.
 *
 * @example validateImageRef("bars/fat:1") // "bars/fat:1"
 */
export function validateImageRef(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === "") throw new BadRequestError("reference", "An image ID or reference is required.");
  if (looksLikeImageId(trimmed)) return trimmed;
  parseReference(trimmed);
  return trimmed;
}

/**
 * `docker tag SOURCE REPO[:TAG]`: validated, audited, then done on the engine.
 *
 * @example await tagImage({ ref: "seed/fat:1", repo: "bars/fat", tag: "2", actor: "local" })
 */
export async function tagImage({
  ref,
  repo,
  tag = "latest",
  actor,
}: {
  ref: string;
  repo: string;
  tag?: string;
  actor: string;
}): Promise<TaggedImage> {
  const source = validateImageRef(ref);
  validateRepository(repo);
  validateTag(tag);
  const target = familiarString(parseReference(`${repo}:${tag}`));
  return recordAction(
    {
      action: "image.tag",
      target: source,
      params: { source, repo, tag },
      command: dockerTagCommand({ source, target: `${repo}:${tag}` }),
      actor,
    },
    async () => {
      await tagImageOnEngine({ ref: source, repo, tag });
      return { source, target };
    },
  );
}

/**
 * `docker rmi [-f] [--no-prune] IMAGE`: validated, audited, then done on the engine. A conflict is a
 * 409 naming the containers that use the image.
 */
export async function removeImage({
  ref,
  force = false,
  noPrune = false,
  actor,
}: {
  ref: string;
  force?: boolean;
  noPrune?: boolean;
  actor: string;
}): Promise<RemovedImage> {
  const image = validateImageRef(ref);
  return recordAction(
    {
      action: "image.remove",
      target: image,
      params: { image, force, noPrune },
      command: dockerRmiCommand({ image, force, noPrune }),
      actor,
    },
    () => removeImageOnEngine({ ref: image, force, noPrune }).catch(explainConflict),
  );
}

/**
 * The engine names the containers in the way by ID only; the answer names them as people know
 * them, with their state, and says what would let the removal through.
 */
async function explainConflict(error: unknown): Promise<never> {
  if (!(isAppError(error) && error.code === "conflict:image")) throw error;
  const { containerIds = [], canForce = false } = (error.details ?? {}) as { containerIds?: string[]; canForce?: boolean };
  const all = containerIds.length ? await listContainers().catch(() => [] as ContainerSummary[]) : [];
  const containers = containerIds.map((id) => all.find((container) => container.id.startsWith(id)) ?? unknownContainer(id));
  const who = containers.length
    ? ` It is used by ${containers.map((c) => `container ${c.name || c.shortId} (${c.state})`).join(", ")}.`
    : "";
  const hint = canForce
    ? " Remove those containers first, or force the removal."
    : containers.some((c) => c.state === "running")
      ? " A running container's image cannot be removed even by force: stop and remove the container first."
      : "";
  throw new AppError("conflict:image", `${error.message}${who}${hint}`, { cause: error.cause, details: { containers, canForce } });
}

function unknownContainer(id: string): ContainerSummary {
  return {
    id,
    shortId: id.slice(0, 12),
    name: "",
    image: "",
    imageId: "",
    command: "",
    state: "unknown",
    status: "",
    created: "",
    ports: [],
    sizeRw: null,
    sizeRootFs: null,
  };
}

/** A long operation: progress messages as they happen, then its result. */
export type Operation<R> = AsyncGenerator<ProgressMessage, R>;

/**
 * Runs an engine stream under an already-begun audit row: folds the progress, turns an error
 * that arrived inside the stream into a thrown AppError, and completes the row however it ends
 * (including a client that goes away mid-stream).
 */
async function* audited<R>(
  handle: AuditHandle,
  messages: AsyncIterable<ProgressMessage>,
  finish: (state: ProgressState) => Promise<R>,
  failure: (message: string) => AppError,
): Operation<R> {
  let state = initialProgress;
  let settled = false;
  try {
    for await (const message of messages) {
      state = applyProgress(state, message);
      yield message;
    }
    if (state.error) throw failure(state.error);
    const result = await finish(state);
    settled = true;
    await handle.succeed(result);
    return result;
  } catch (caught) {
    // The engine answers some failures before streaming (a 500 for bad pull credentials, a corrupt
    // upload): describe those in the operation's terms too.
    const error =
      caught instanceof AppError && (caught.type === "upstream" || caught.type === "internal") && caught.cause
        ? failure(engineMessage(caught.cause))
        : caught;
    settled = true;
    await handle.fail(error);
    throw error;
  } finally {
    if (!settled) await handle.fail(new Error("the client went away before the operation finished"));
  }
}

function registryFailure({
  message,
  registry,
  reference,
  action,
}: {
  message: string;
  registry: string;
  reference: string;
  action: string;
}): AppError {
  switch (classifyRegistryError(message)) {
    case "authentication":
      return new AppError(
        "upstream:registry_login",
        `Authentication failed for registry ${registry} while trying to ${action} ${reference}: ${message}`,
      );
    case "not-found":
      return new AppError("not_found:image", `Cannot ${action} ${reference}: ${message}`);
    default:
      return new AppError("upstream:registry", `Cannot ${action} ${reference} (registry ${registry}): ${message}`);
  }
}

async function registryAuthFor(
  reference: string,
): Promise<{ registry: string; auth: RegistryAuth | null; credentials: RegistryCredentials | null }> {
  const registry = registryOf(parseReference(reference));
  const credentials = await credentialsForAddress(registry);
  return {
    registry,
    auth: credentials ? { username: credentials.username, password: credentials.password, serveraddress: credentials.address } : null,
    credentials,
  };
}

/**
 * Logs in before the engine pushes or pulls with saved credentials: some token servers word a
 * refusal so that the engine retries each layer for about a minute before saying "unauthorized",
 * while a refused login is known at once. Completes the audit row when it fails.
 */
async function assertLoginAccepted(
  handle: AuditHandle,
  credentials: RegistryCredentials | null,
  failure: (message: string) => AppError,
): Promise<void> {
  if (!credentials) return;
  try {
    const login = await testRegistryLogin(credentials);
    if (!login.ok && (login.status === 401 || login.status === 403)) throw failure(`${login.message} (HTTP ${login.status})`);
  } catch (error) {
    await handle.fail(error);
    throw error;
  }
}

/**
 * `docker pull REF` with the saved credentials of the reference's registry (anonymous when none
 * is saved). Validation and the audit row happen before this returns, so bad input is a 4xx.
 */
export async function pullImage({ reference, actor }: { reference: string; actor: string }): Promise<Operation<PulledImage>> {
  const parsed = parseReference(reference.trim());
  const canonical = familiarString(parsed.tag || parsed.digest ? parsed : { ...parsed, tag: "latest" });
  const { registry, auth, credentials } = await registryAuthFor(canonical);
  const handle = await beginAction({
    action: "image.pull",
    target: canonical,
    params: { reference: canonical, registry, authenticated: auth !== null },
    command: dockerPullCommand({ reference: canonical }),
    actor,
  });
  const failure = (message: string) => registryFailure({ message, registry, reference: canonical, action: "pull" });
  await assertLoginAccepted(handle, credentials, failure);
  return audited(
    handle,
    pullImageOnEngine({ reference: canonical, auth }),
    async (state) => ({ reference: canonical, id: (await inspectImage(canonical)).Id, digest: state.digest, bytes: state.bytes }),
    failure,
  );
}

/** `docker push REF` with the saved credentials of its registry. */
export async function pushImage({ ref, actor }: { ref: string; actor: string }): Promise<Operation<PushedImage>> {
  const reference = validateImageRef(ref);
  const parsed = parseReference(reference);
  const { registry, auth, credentials } = await registryAuthFor(reference);
  // The engine would push every tag of the repository when none is named; say which one.
  const target = familiarString(parsed.tag || parsed.digest ? parsed : { ...parsed, tag: "latest" });
  await inspectImage(target);
  const handle = await beginAction({
    action: "image.push",
    target,
    params: { reference: target, registry, authenticated: auth !== null },
    command: dockerPushCommand({ reference: target }),
    actor,
  });
  const failure = (message: string) => registryFailure({ message, registry, reference: target, action: "push" });
  await assertLoginAccepted(handle, credentials, failure);
  return audited(
    handle,
    pushImageOnEngine({ reference: target, auth }),
    async (state) => ({ reference: target, digest: state.digest, bytes: await pushedBytes(state, target, registry, auth) }),
    failure,
  );
}

/**
 * Bytes a push moved: the engine reports "Pushed" per layer (by short diff ID) but not always how
 * much, so the sizes come from the pushed manifest, whose layers are in the image's rootfs order.
 * Layers the registry had already, or mounted from another repository, moved nothing.
 */
async function pushedBytes(state: ProgressState, reference: string, registry: string, auth: RegistryAuth | null): Promise<number> {
  const pushed = new Set(state.layers.filter((layer) => layer.status === "Pushed").map((layer) => layer.id));
  if (!state.digest || pushed.size === 0) return state.bytes;
  try {
    const repository = parseReference(reference).path;
    const response = await registryFetch(
      auth ? { address: registry, username: auth.username, password: auth.password } : null,
      registry,
      `/v2/${repository}/manifests/${state.digest}`,
      { headers: { accept: "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json" } },
    );
    if (!response.ok) return state.bytes;
    const manifest = (await response.json()) as { layers?: { digest: string; size: number }[] };
    const diffIds = (await inspectImage(reference)).RootFS?.Layers ?? [];
    return (manifest.layers ?? [])
      .filter((_layer, index) => pushed.has((diffIds[index] ?? "").replace(/^sha256:/, "").slice(0, 12)))
      .reduce((sum, layer) => sum + layer.size, 0);
  } catch {
    return state.bytes;
  }
}

const NOT_AN_ARCHIVE = "The upload is not a tar archive (nor a gzip, xz, bzip2 or zstd compressed one)";

function archiveFailure(what: string) {
  // The engine's words for an archive it cannot use; a docker-save archive without its
  // manifest.json / repositories files fails to open them.
  return (message: string): AppError =>
    /tar|gzip|xz|bzip|zstd|archive|unexpected EOF|invalid|magic|header|format|no such file|manifest|repositories/i.test(message)
      ? new BadRequestError("archive", `${what} failed: the archive is not valid (${message}).`)
      : new AppError("upstream:image", `${what} failed: ${message}`);
}

async function checkedArchive(body: Readable | SocketBody): Promise<{ stream: Readable | SocketBody; bytes: () => number }> {
  if (body instanceof SocketBody) {
    if (sniffArchive(body.head) === null) throw new BadRequestError("archive", `${NOT_AN_ARCHIVE}; nothing was imported.`);
    return { stream: body, bytes: () => body.moved };
  }
  const { head, whole } = await peekStream(body, 512);
  if (sniffArchive(head) === null) throw new BadRequestError("archive", `${NOT_AN_ARCHIVE}; nothing was imported.`);
  return countBytes(whole);
}

export type ImportOptions = { repo?: string; tag?: string; message?: string; changes?: string[] };

function validateImportOptions(options: ImportOptions): {
  repo?: string;
  tag?: string;
  message?: string;
  changes: string[];
  reference?: string;
} {
  if (options.tag && !options.repo) throw new BadRequestError("import", "a tag needs a repository (repo=...)");
  if (options.repo) validateRepository(options.repo);
  if (options.tag) validateTag(options.tag);
  if (options.message && options.message.length > 1000) throw new BadRequestError("import", "the message is at most 1000 characters");
  const changes = validateChanges(options.changes ?? []);
  const reference = options.repo ? `${options.repo}:${options.tag ?? "latest"}` : undefined;
  return { ...options, changes, reference };
}

/**
 * `docker import` of an uploaded tar / tar.gz / tar.xz, streamed to the engine as it arrives.
 * A body that is not an archive is refused before anything reaches the engine.
 */
export async function importImage({
  body,
  actor,
  ...options
}: ImportOptions & { body: Readable | SocketBody; actor: string }): Promise<Operation<ImportedImage>> {
  const checked = validateImportOptions(options);
  const archive = await checkedArchive(body);
  const handle = await beginAction({
    action: "image.import",
    target: checked.reference ?? "(untagged)",
    params: { repo: checked.repo, tag: checked.tag, message: checked.message, changes: checked.changes, source: "upload" },
    command: dockerImportCommand({ source: "-", reference: checked.reference, message: checked.message, changes: checked.changes }),
    actor,
  });
  return audited(
    handle,
    importImageOnEngine({ archive: archive.stream, ...checked }),
    async (state) => ({ id: lastImageId(state), reference: checked.reference ?? null, bytes: archive.bytes() }),
    archiveFailure("Import"),
  );
}

/** `docker import URL`: the engine downloads an http(s) archive itself. */
export async function importImageFromUrl({
  url,
  actor,
  ...options
}: ImportOptions & { url: string; actor: string }): Promise<Operation<ImportedImage>> {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new BadRequestError("import", `"${url}" is not a URL`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:")
    throw new BadRequestError("import", "only http and https URLs can be imported");
  const checked = validateImportOptions(options);
  const handle = await beginAction({
    action: "image.import",
    target: checked.reference ?? "(untagged)",
    params: {
      repo: checked.repo,
      tag: checked.tag,
      message: checked.message,
      changes: checked.changes,
      source: parsedUrl.origin + parsedUrl.pathname,
    },
    command: dockerImportCommand({
      source: parsedUrl.toString(),
      reference: checked.reference,
      message: checked.message,
      changes: checked.changes,
    }),
    actor,
  });
  return audited(
    handle,
    importImageFromUrlOnEngine({ url: parsedUrl.toString(), ...checked }),
    async (state) => ({ id: lastImageId(state), reference: checked.reference ?? null, bytes: state.bytes }),
    archiveFailure("Import"),
  );
}

function lastImageId(state: ProgressState): string {
  const id = [...state.messages].reverse().find((line) => /^sha256:[0-9a-f]{64}$/.test(line));
  if (!id) throw new AppError("upstream:image", "The engine finished the import without naming the new image.");
  return id;
}

/** `docker load` of a docker-save archive, streamed to the engine; reports what was loaded. */
export async function loadImages({
  body,
  actor,
  progress = true,
}: {
  body: Readable | SocketBody;
  actor: string;
  /** Ask the engine for per-layer progress; without a reader for it, spare the engine the work (as the CLI does when not on a terminal). */
  progress?: boolean;
}): Promise<Operation<LoadedImages>> {
  const archive = await checkedArchive(body);
  const handle = await beginAction({
    action: "image.load",
    target: "(archive)",
    params: {},
    command: dockerLoadCommand({ input: "images.tar" }),
    actor,
  });
  const loaded: string[] = [];
  async function* messages() {
    for await (const message of loadImagesOnEngine({ archive: archive.stream, quiet: !progress })) {
      // The engine reports loads as build-style "stream" lines: "Loaded image: x:1\n".
      const line = message.stream?.trim();
      const match = line ? /^Loaded image(?: ID)?: (.+)$/.exec(line) : null;
      if (match) loaded.push(match[1]!);
      yield line && !message.status ? { ...message, status: line } : message;
    }
  }
  return audited(
    handle,
    messages(),
    async () => {
      if (loaded.length === 0) throw new BadRequestError("archive", "The archive loaded no image: it is not a docker save archive.");
      return { loaded, bytes: archive.bytes() };
    },
    archiveFailure("Load"),
  );
}

/**
 * `docker save IMAGE`: the engine's tar stream passed straight to the client. The audit row is
 * completed when the download ends (or fails, or is abandoned).
 */
export async function saveImage({
  ref,
  actor,
  framed,
}: { ref: string; actor: string } & FramedOption): Promise<{ stream: Readable; filename: string }> {
  const image = validateImageRef(ref);
  await inspectImage(image);
  const filename = `${image.replace(/^sha256:/, "").replace(/[^A-Za-z0-9_.-]+/g, "_")}.tar`;
  const handle = await beginAction({
    action: "image.save",
    target: image,
    params: { image },
    command: dockerSaveCommand({ images: [image], output: filename }),
    actor,
  });
  return {
    stream: auditedDownload(
      handle,
      await saveImageFromEngine(image, { framed }).catch(async (error: unknown) => {
        await handle.fail(error);
        throw error;
      }),
    ),
    filename,
  };
}

/** `docker export CONTAINER`: the container's filesystem as a tar download, audited like save. */
export async function exportContainer({
  id,
  actor,
  framed,
}: { id: string; actor: string } & FramedOption): Promise<{ stream: Readable; filename: string }> {
  const container = validateContainerRef(id);
  // CLI lines and audit rows name the container as people do: by name, not by a 64-digit ID.
  const name = await containerCliName(container);
  const filename = `${name}.tar`;
  const handle = await beginAction({
    action: "container.export",
    target: name,
    params: { container },
    command: dockerExportCommand({ container: name, output: filename }),
    actor,
  });
  const stream = await exportContainerFromEngine(container, { framed }).catch(async (error: unknown) => {
    await handle.fail(error);
    throw error;
  });
  return { stream: auditedDownload(handle, stream), filename };
}

function auditedDownload(handle: AuditHandle, source: Readable): Readable {
  const counted = countArchiveBytes(source);
  let finished = false;
  counted.stream.on("end", () => {
    finished = true;
    void handle.succeed({ bytes: counted.bytes() });
  });
  counted.stream.on("close", () => {
    if (!finished) void handle.fail(new Error(`download stopped after ${counted.bytes()} bytes`));
  });
  counted.stream.on("error", (error) => void handle.fail(error));
  return counted.stream;
}

export type CommitOptions = { repo?: string; tag?: string; message?: string; author?: string; pause?: boolean; changes?: string[] };

/**
 * `docker commit`: the container's writable layer becomes the top layer of a new image.
 * Returns the new image's ID.
 */
export async function commitContainer({
  container,
  actor,
  ...options
}: CommitOptions & { container: string; actor: string }): Promise<CommittedImage> {
  const id = validateContainerRef(container);
  if (options.tag && !options.repo) throw new BadRequestError("commit", "a tag needs a repository");
  if (options.repo) validateRepository(options.repo);
  if (options.tag) validateTag(options.tag);
  const changes = validateChanges(options.changes ?? []);
  const pause = options.pause ?? true;
  const reference = options.repo ? `${options.repo}:${options.tag ?? "latest"}` : null;
  // CLI lines and audit rows name the container as people do: by name, not by a 64-digit ID.
  const name = await containerCliName(id);
  const handle = await beginAction({
    action: "container.commit",
    target: name,
    params: { container: id, repo: options.repo, tag: options.tag, message: options.message, author: options.author, pause, changes },
    command: dockerCommitCommand({
      container: name,
      reference: reference ?? undefined,
      message: options.message,
      author: options.author,
      pause,
      changes,
    }),
    actor,
  });
  try {
    const imageId = await commitContainerOnEngine({
      container: id,
      repo: options.repo,
      tag: options.repo ? (options.tag ?? "latest") : undefined,
      message: options.message,
      author: options.author,
      pause,
      changes,
    });
    const result = { id: imageId, reference };
    await handle.succeed(result);
    return result;
  } catch (error) {
    await handle.fail(error);
    throw error;
  }
}

/** Drains an operation for callers that want one final answer rather than progress. */
export async function runToEnd<R>(operation: Operation<R>): Promise<R> {
  for (;;) {
    const next = await operation.next();
    if (next.done) return next.value;
  }
}
