import "server-only";
import type { Readable } from "node:stream";
import { getDocker } from "@/lib/docker/client";
import { toEngineError } from "@/lib/docker/errors";
import { readProgressMessages } from "@/lib/docker/progress-stream";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

export type RegistryAuth = { username: string; password: string; serveraddress: string };

function splitTag(reference: string): { name: string; tag: string | undefined } {
  const at = reference.indexOf("@");
  if (at !== -1) return { name: reference, tag: undefined };
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? { name: reference.slice(0, colon), tag: reference.slice(colon + 1) } : { name: reference, tag: undefined };
}

/**
 * `docker pull REF`: the engine's progress messages as they come. Failures (bad credentials, a
 * missing image) arrive *inside* the stream as `{"error": ...}`; the caller reads to the end.
 */
export async function* pullImageOnEngine({ reference, auth }: { reference: string; auth: RegistryAuth | null }): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    // dockerode splits "repo:tag" itself (and would default a separate tag option to latest).
    stream = (await getDocker().pull(reference, auth ? { authconfig: auth } : {})) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: reference, action: "pull" });
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    invalidateEngineSnapshot();
  }
}

/** `docker push REF`, streamed like pull (errors inside the stream). */
export async function* pushImageOnEngine({ reference, auth }: { reference: string; auth: RegistryAuth | null }): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    const { name, tag } = splitTag(reference);
    // The engine refuses a push without X-Registry-Auth; an empty one means anonymous.
    stream = (await getDocker()
      .getImage(name)
      .push({ ...(tag ? { tag } : {}), authconfig: auth ?? {} })) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: reference, action: "push" });
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
  }
}

/**
 * `docker import`: the archive is piped to the engine as it arrives (never held in memory).
 * Yields the engine's messages; the last status is the new image ID.
 */
export async function* importImageOnEngine({
  archive,
  repo,
  tag,
  message,
  changes,
}: {
  archive: Readable;
  repo?: string;
  tag?: string;
  message?: string;
  changes?: string[];
}): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    stream = (await getDocker().importImage(archive as unknown as NodeJS.ReadableStream, {
      ...(repo ? { repo } : {}),
      ...(tag ? { tag } : {}),
      ...(message ? { message } : {}),
      ...(changes?.length ? { changes } : {}),
    })) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: repo ? `${repo}:${tag ?? "latest"}` : "import", action: "import" });
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    invalidateEngineSnapshot();
  }
}

/** `docker import URL`: the engine downloads the archive itself. */
export async function* importImageFromUrlOnEngine({
  url,
  repo,
  tag,
  message,
  changes,
}: {
  url: string;
  repo?: string;
  tag?: string;
  message?: string;
  changes?: string[];
}): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    stream = (await getDocker().createImage({
      fromSrc: url,
      ...(repo ? { repo } : {}),
      ...(tag ? { tag } : {}),
      ...(message ? { message } : {}),
      ...(changes?.length ? { changes } : {}),
    })) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: url, action: "import" });
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    invalidateEngineSnapshot();
  }
}

/** `docker load`: a docker-save archive piped to the engine; yields its messages ("Loaded image: …"). */
export async function* loadImagesOnEngine({ archive }: { archive: Readable }): AsyncGenerator<ProgressMessage> {
  let stream: Readable;
  try {
    stream = (await getDocker().loadImage(archive as unknown as NodeJS.ReadableStream, { quiet: false })) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: "archive", action: "load" });
  }
  try {
    yield* readProgressMessages(stream);
  } finally {
    stream.destroy();
    invalidateEngineSnapshot();
  }
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
