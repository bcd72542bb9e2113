import "server-only";
import type { Readable } from "node:stream";
import { getDocker } from "@/lib/docker/client";
import { toEngineError, type EngineSubject } from "@/lib/docker/errors";
import { readProgressMessages } from "@/lib/docker/progress-stream";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

export type RegistryAuth = { username: string; password: string; serveraddress: string };

/**
 * Opens an engine request that answers with a JSON message stream and yields its messages; the
 * stream is closed however the reader stops, and a call that may have changed the image list
 * invalidates the cached snapshot.
 */
async function* engineMessages(
  open: () => Promise<unknown>,
  subject: EngineSubject,
  { changesImages }: { changesImages: boolean },
): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    stream = (await open()) as Readable;
  } catch (error) {
    if (changesImages) invalidateEngineSnapshot();
    throw toEngineError(error, subject);
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    if (changesImages) invalidateEngineSnapshot();
  }
}

function splitTag(reference: string): { name: string; tag: string | undefined } {
  const at = reference.indexOf("@");
  if (at !== -1) return { name: reference, tag: undefined };
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/")
    ? { name: reference.slice(0, colon), tag: reference.slice(colon + 1) }
    : { name: reference, tag: undefined };
}

/**
 * `docker pull REF`: the engine's progress messages as they come. Failures (bad credentials, a
 * missing image) arrive *inside* the stream as `{"error": ...}`; the caller reads to the end.
 */
export function pullImageOnEngine({ reference, auth }: { reference: string; auth: RegistryAuth | null }): AsyncGenerator<ProgressMessage> {
  return engineMessages(
    // dockerode splits "repo:tag" itself (and would default a separate tag option to latest).
    () => getDocker().pull(reference, auth ? { authconfig: auth } : {}),
    { kind: "image", name: reference, action: "pull" },
    { changesImages: true },
  );
}

/** `docker push REF`, streamed like pull (errors inside the stream). */
export function pushImageOnEngine({ reference, auth }: { reference: string; auth: RegistryAuth | null }): AsyncGenerator<ProgressMessage> {
  const { name, tag } = splitTag(reference);
  return engineMessages(
    // The engine refuses a push without X-Registry-Auth; an empty one means anonymous.
    () =>
      getDocker()
        .getImage(name)
        .push({ ...(tag ? { tag } : {}), authconfig: auth ?? {} }),
    { kind: "image", name: reference, action: "push" },
    { changesImages: false },
  );
}

export type ImageImportOptions = { repo?: string; tag?: string; message?: string; changes?: string[] };

function importQuery({ repo, tag, message, changes }: ImageImportOptions): Record<string, string | string[]> {
  return {
    ...(repo ? { repo } : {}),
    ...(tag ? { tag } : {}),
    ...(message ? { message } : {}),
    ...(changes?.length ? { changes } : {}),
  };
}

/**
 * `docker import`: the archive is piped to the engine as it arrives (never held in memory).
 * Yields the engine's messages; the last status is the new image ID.
 */
export function importImageOnEngine({ archive, ...options }: ImageImportOptions & { archive: Readable }): AsyncGenerator<ProgressMessage> {
  const name = options.repo ? `${options.repo}:${options.tag ?? "latest"}` : "import";
  return engineMessages(
    () => getDocker().importImage(archive as unknown as NodeJS.ReadableStream, importQuery(options)),
    { kind: "image", name, action: "import" },
    { changesImages: true },
  );
}

/** `docker import URL`: the engine downloads the archive itself. */
export function importImageFromUrlOnEngine({ url, ...options }: ImageImportOptions & { url: string }): AsyncGenerator<ProgressMessage> {
  return engineMessages(
    () => getDocker().createImage({ fromSrc: url, ...importQuery(options) }),
    { kind: "image", name: url, action: "import" },
    { changesImages: true },
  );
}

/** `docker load`: a docker-save archive piped to the engine; yields its messages ("Loaded image: …"). */
export function loadImagesOnEngine({ archive, quiet = false }: { archive: Readable; quiet?: boolean }): AsyncGenerator<ProgressMessage> {
  return engineMessages(
    () => getDocker().loadImage(archive as unknown as NodeJS.ReadableStream, { quiet }),
    { kind: "image", name: "archive", action: "load" },
    { changesImages: true },
  );
}

/** `docker save`: the engine's tar stream of an image, to pass straight on. */
export async function saveImageFromEngine(reference: string): Promise<Readable> {
  try {
    return (await getDocker().getImage(reference).get()) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: reference, action: "save" });
  }
}

/** `docker export`: a container's filesystem as a tar stream. */
export async function exportContainerFromEngine(id: string): Promise<Readable> {
  try {
    return (await getDocker().getContainer(id).export()) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "container", name: id, action: "export" });
  }
}

/** `docker commit`: the container's writable layer becomes a new image layer. Returns the image ID. */
export async function commitContainerOnEngine({
  container,
  repo,
  tag,
  message,
  author,
  pause,
  changes,
}: {
  container: string;
  repo?: string;
  tag?: string;
  message?: string;
  author?: string;
  pause: boolean;
  changes: string[];
}): Promise<string> {
  try {
    const result = (await getDocker()
      .getContainer(container)
      .commit({
        ...(repo ? { repo } : {}),
        ...(tag ? { tag } : {}),
        ...(message ? { comment: message } : {}),
        ...(author ? { author } : {}),
        pause,
        ...(changes.length ? { changes } : {}),
      })) as { Id: string };
    return result.Id;
  } catch (error) {
    throw toEngineError(error, { kind: "container", name: container, action: "commit" });
  } finally {
    invalidateEngineSnapshot();
  }
}
