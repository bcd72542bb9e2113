import "server-only";
import type { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import Docker from "dockerode";
import { getDocker, runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { toEngineError, type EngineSubject } from "@/lib/docker/errors";
import { countArchiveBytes, FramedDownload, openFramedDownload, postFramedToEngine } from "@/lib/docker/framed-download";
import { plainEngineAddress } from "@/lib/docker/plain-engine";
import { readProgressMessages } from "@/lib/docker/progress-stream";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import { pumpToEngine, SocketBody } from "@/lib/docker/upload-pump";
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

/** An upload for the engine: a stream Node pipes to it, or a body still in the client's socket for the pump (lib/docker/upload-pump). */
export type UploadArchive = Readable | SocketBody;

function searchParams(query: Record<string, string | string[] | boolean>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  return params;
}

/**
 * `docker import`: the archive is passed to the engine as it arrives (never held in memory).
 * Yields the engine's messages; the last status is the new image ID.
 */
export function importImageOnEngine({
  archive,
  ...options
}: ImageImportOptions & { archive: UploadArchive }): AsyncGenerator<ProgressMessage> {
  const name = options.repo ? `${options.repo}:${options.tag ?? "latest"}` : "import";
  return engineMessages(
    () =>
      archive instanceof SocketBody
        ? pumpToEngine("/images/create", searchParams({ fromSrc: "-", ...importQuery(options) }), archive)
        : getDocker().importImage(archive as unknown as NodeJS.ReadableStream, importQuery(options)),
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
export function loadImagesOnEngine({
  archive,
  quiet = false,
}: {
  archive: UploadArchive;
  quiet?: boolean;
}): AsyncGenerator<ProgressMessage> {
  return engineMessages(
    () =>
      archive instanceof SocketBody
        ? pumpToEngine("/images/load", searchParams({ quiet }), archive)
        : getDocker().loadImage(archive as unknown as NodeJS.ReadableStream, { quiet }),
    { kind: "image", name: "archive", action: "load" },
    { changesImages: true },
  );
}

/**
 * `framed`: the caller can pass on the engine's chunked framing as it is (an HTTP/1.1 response,
 * lib/http/node-route sendDownload; a copy's chunked load request): the stream is then a
 * FramedDownload when the engine's connection allows it, and the plain archive otherwise.
 */
export type FramedOption = { framed?: boolean };

/** `docker save`: the engine's tar stream of an image, to pass straight on. */
export async function saveImageFromEngine(reference: string, { framed = false }: FramedOption = {}): Promise<Readable> {
  if (framed) {
    const download = await openFramedDownload(`/images/get?names=${encodeURIComponent(reference)}`);
    if (download) return download;
  }
  try {
    return (await withoutConnectionTimeout(getDocker()).getImage(reference).get()) as unknown as Readable;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: reference, action: "save" });
  }
}

/** `docker export`: a container's filesystem as a tar stream. */
export async function exportContainerFromEngine(id: string, { framed = false }: FramedOption = {}): Promise<Readable> {
  if (framed) {
    const download = await openFramedDownload(`/containers/${encodeURIComponent(id)}/export`);
    if (download) return download;
  }
  try {
    return (await withoutConnectionTimeout(getDocker()).getContainer(id).export()) as unknown as Readable;
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

// Copying an image between engines: `docker save REF | docker -H TARGET load`, through this process.

/** What a copy reports while it runs: bytes piped so far, then the target engine's own load messages. */
export type CopyProgress = { kind: "bytes"; bytes: number } | { kind: "engine"; message: ProgressMessage };

const COPY_PROGRESS_INTERVAL_MS = 200;

/**
 * A client for the same engine without a connection timeout. docker-modem's timeout runs until the
 * response headers, and `POST /images/load` answers only once the engine has read the whole
 * archive: a copy of a large image to a tcp or ssh engine would be cut off after a few seconds. So
 * does `docker save` on Docker 20.10, which sends its head once the image's layers are exported
 * (9.3 s for a 1 GB image here: the request was cut at 5 s). Callers have just asked the engine
 * something else (a ping, an inspect), so a dead one is already known.
 */
function withoutConnectionTimeout(docker: Docker): Docker {
  const modem = Object.create(docker.modem as object) as { connectionTimeout?: number };
  modem.connectionTimeout = 0;
  return new Docker({ modem } as unknown as Docker.DockerOptions);
}

/** `GET /_ping` on an engine, its failure in the words of that engine (a 503 naming it when it cannot be reached). */
export async function pingEngine(engine: EngineConnection): Promise<void> {
  try {
    await engine.docker.ping();
  } catch (error) {
    throw runOnEngine(engine, () => toEngineError(error, { kind: "engine", name: engine.name, action: "ping" }));
  }
}

/**
 * `docker save REF | docker -H TARGET load`: the source engine's archive of the image
 * (`GET /images/{name}/get`) is piped into the target engine's `POST /images/load` as it arrives,
 * with backpressure, so memory holds a few socket buffers whatever the image's size. Yields the
 * bytes piped so far (every 200 ms while they flow), then the target's load messages (per-layer
 * progress when `progress`); returns the bytes and what the target loaded ("Loaded image: x:1",
 * or the ID of an image saved by ID). Failures name the engine they happened on; an error the
 * target reports inside its 200 stream is thrown as well. Ending the generator early (a client
 * that went away) closes both engine requests.
 *
 * @example for await (const step of copyImageBetweenEngines({ source, target, reference: "seed/web:1", progress: true })) ...
 */
export async function* copyImageBetweenEngines({
  source,
  target,
  reference,
  progress,
}: {
  source: EngineConnection;
  target: EngineConnection;
  reference: string;
  progress: boolean;
}): AsyncGenerator<CopyProgress, { bytes: number; loaded: string[] }> {
  // Between two plainly connected engines the source's chunks go to the target as they are.
  const targetIsPlain = runOnEngine(target, () => plainEngineAddress() !== null);
  const archive = await runOnEngine(source, () => saveImageFromEngine(reference, { framed: targetIsPlain }));
  const framed = archive instanceof FramedDownload ? archive : null;
  let sourceFailure: unknown = null;
  archive.on("error", (error) => (sourceFailure ??= error));
  const counted = countArchiveBytes(archive);
  let answer: Readable | null = null;
  let loadFailure: unknown = null;
  let settled = false;
  const loading = (
    framed
      ? runOnEngine(target, () => postFramedToEngine("/images/load", searchParams({ quiet: !progress }), framed))
      : withoutConnectionTimeout(target.docker).loadImage(counted.stream as unknown as NodeJS.ReadableStream, { quiet: !progress })
  )
    .then(
      (stream) => void (answer = stream as unknown as Readable),
      (error: unknown) => void (loadFailure = error),
    )
    .finally(() => (settled = true));
  const loaded: string[] = [];
  try {
    let reported = -1;
    while (!settled) {
      await Promise.race([loading, delay(COPY_PROGRESS_INTERVAL_MS)]);
      const bytes = counted.bytes();
      if (bytes !== reported) {
        reported = bytes;
        yield { kind: "bytes", bytes };
      }
    }
    if (sourceFailure) {
      throw runOnEngine(source, () => toEngineError(sourceFailure, { kind: "image", name: reference, action: "save" }));
    }
    if (loadFailure || !answer) {
      throw runOnEngine(target, () => toEngineError(loadFailure, { kind: "image", name: reference, action: "load" }));
    }
    for await (const message of readProgressMessages(answer)) {
      const failure = message.errorDetail?.message ?? message.error;
      if (failure) {
        throw runOnEngine(target, () => toEngineError(new Error(failure), { kind: "image", name: reference, action: "load" }));
      }
      // The engine reports loads as build-style "stream" lines: "Loaded image: x:1\n".
      const line = message.stream?.trim();
      const match = line ? /^Loaded image(?: ID)?: (.+)$/.exec(line) : null;
      if (match) loaded.push(match[1]!);
      yield { kind: "engine", message: line && !message.status ? { ...message, status: line } : message };
    }
    if (sourceFailure) {
      throw runOnEngine(source, () => toEngineError(sourceFailure, { kind: "image", name: reference, action: "save" }));
    }
    return { bytes: counted.bytes(), loaded };
  } finally {
    archive.destroy();
    counted.stream.destroy();
    (answer as Readable | null)?.destroy();
    invalidateEngineSnapshot(target.id);
  }
}
