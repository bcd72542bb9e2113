import type { z } from "zod";
import type { AuditQuery } from "@/lib/audit/types";
import type { listAuditEntries } from "@/lib/audit/queries";
import type {
  createTokenBodySchema,
  createUserBodySchema,
  loginBodySchema,
  setupBodySchema,
  updateUserBodySchema,
} from "@/lib/auth/schemas";
import type {
  ApiTokenList,
  ApiTokenView,
  CreatedApiToken,
  LoginResult,
  Me,
  SetupResult,
  SignedOut,
  UserList,
  UserView,
} from "@/lib/auth/types";
import type { buildListQuerySchema, buildQuerySchema } from "@/lib/builds/schemas";
import type { BuildCancelResult, BuildDetail, BuildEvent, BuildJsonBody, BuildPage, BuildResult } from "@/lib/builds/types";
import type {
  CleanupCounts,
  CleanupPlan,
  CleanupPlanRequest,
  CleanupPolicy,
  CleanupPolicyCreate,
  CleanupPolicyList,
  CleanupPolicyUpdate,
  CleanupRunProgress,
  CleanupRunRequest,
  CleanupRunResult,
  DiskUsage,
} from "@/lib/cleanup/types";
import type { ContainerAction } from "@/lib/cli/command";
import type { launchSpecSchema } from "@/lib/containers/launch";
import type { consoleResizeSchema, containerLogsQuerySchema, removeContainerQuerySchema } from "@/lib/containers/schemas";
import type {
  ConsoleRequest,
  ConsoleStatus,
  ContainerActionResult,
  ContainerChanges,
  ContainerDetail,
  ContainerList,
  ContainerStats,
  LaunchedContainer,
  LaunchPreview,
  LogLine,
  OpenedConsole,
  RemovedContainer,
} from "@/lib/containers/types";
import type {
  commitContainerBodySchema,
  imageListQuerySchema,
  importImageQuerySchema,
  importImageUrlBodySchema,
  pullImageBodySchema,
  removeImageQuerySchema,
  tagImageBodySchema,
} from "@/lib/images/schemas";
import type {
  CommittedImage,
  ImageDetail,
  ImageList,
  ImportedImage,
  LoadedImages,
  PulledImage,
  PushedImage,
  RemovedImage,
  TaggedImage,
} from "@/lib/images/types";
import type { LintResult } from "@/lib/dockerfile/types";
import type { CopiedImage, CopyImageBody, FleetImages, FleetImagesQuery } from "@/lib/fleet/types";
import type {
  createEngineBodySchema,
  currentEngineSchema,
  engineListSchema,
  engineViewSchema,
  removedEngineSchema,
  updateEngineBodySchema,
} from "@/lib/engines/schemas";
import type { ImageComparison, LayerDirectoryListing, LayerFileView } from "@/lib/layers/types";
import type { createNetworkBodySchema } from "@/lib/networks/schemas";
import type { CreatedNetwork, NetworkDetail, NetworkList, RemovedNetwork } from "@/lib/networks/types";
import type { createVolumeBodySchema } from "@/lib/volumes/schemas";
import type { CreatedVolume, RemovedVolume, VolumeDetail, VolumeList } from "@/lib/volumes/types";
import { applyProgress, initialProgress, type ProgressMessage, type ProgressState } from "@/lib/progress/docker-progress";
import type { createRegistryBodySchema, repositoryTagQuerySchema, updateRegistryBodySchema } from "@/lib/registries/schemas";
import type {
  DeletedRepositoryTag,
  RegistryList,
  RegistryLoginResult,
  RegistryView,
  RemovedRegistry,
  RepositoryList,
  RepositoryTags,
} from "@/lib/registries/types";

// The browser's one way into the dashboard's JSON API. Request types are the routes' own schemas'
// inputs, answers the result types of lib/*/types.ts: nothing the server answers is retyped here.
// Every error answer is `{"error": "<sentence>", "code": "type:surface", ...details}` (a 409 from
// DELETE /api/images/{ref} names the containers), so the whole body travels with the ApiError.

// Request bodies and queries, as the routes accept them.
export type ImageListQuery = z.input<typeof imageListQuerySchema>;
export type TagImageInput = z.input<typeof tagImageBodySchema>;
export type RemoveImageOptions = z.output<typeof removeImageQuerySchema>;
export type PullImageInput = z.input<typeof pullImageBodySchema>;
export type ImportImageQuery = z.input<typeof importImageQuerySchema>;
export type ImportImageUrlInput = z.input<typeof importImageUrlBodySchema>;
export type CommitContainerInput = z.input<typeof commitContainerBodySchema>;
export type LaunchSpecInput = z.input<typeof launchSpecSchema>;
export type RemoveContainerOptions = z.output<typeof removeContainerQuerySchema>;
export type ContainerLogsQuery = z.output<typeof containerLogsQuerySchema>;
export type ConsoleSize = z.input<typeof consoleResizeSchema>;
export type CreateRegistryInput = z.input<typeof createRegistryBodySchema>;
export type UpdateRegistryInput = z.input<typeof updateRegistryBodySchema>;
export type RepositoryTagInput = z.input<typeof repositoryTagQuerySchema>;
export type CreateUserInput = z.input<typeof createUserBodySchema>;
export type UpdateUserInput = z.input<typeof updateUserBodySchema>;
export type CreateTokenInput = z.input<typeof createTokenBodySchema>;
export type CreateVolumeInput = z.input<typeof createVolumeBodySchema>;
export type CreateNetworkInput = z.input<typeof createNetworkBodySchema>;
export type LoginInput = z.input<typeof loginBodySchema>;
export type SetupInput = z.input<typeof setupBodySchema>;
export type AuditListQuery = Partial<AuditQuery>;
export type BuildQueryInput = z.input<typeof buildQuerySchema>;
export type BuildListQueryInput = Partial<z.output<typeof buildListQuerySchema>>;
export type AuditPage = Awaited<ReturnType<typeof listAuditEntries>>;
export type CreateEngineInput = z.input<typeof createEngineBodySchema>;
export type UpdateEngineInput = z.input<typeof updateEngineBodySchema>;
// The engines routes' answers, as their schemas declare them.
export type EngineView = z.infer<typeof engineViewSchema>;
export type EngineList = z.infer<typeof engineListSchema>;
export type RemovedEngine = z.infer<typeof removedEngineSchema>;
export type CurrentEngine = z.infer<typeof currentEngineSchema>;

// ---------------------------------------------------------------------------------------------
// Errors

/** A non-2xx answer from the API (`code` is its `type:surface`), or no answer at all (status 0). */
export class ApiError extends Error {
  override name = "ApiError";
  /** The error body's `code`, e.g. `conflict:image`; null when the answer carried none. */
  readonly code: string | null;
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = typeof body.code === "string" ? body.code : null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True for the rejection of a cancelled fetch or upload, which is no error to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/** The message to show for anything a request threw. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NO_ANSWER = "The dashboard server did not answer; check that it is running.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML error page): the status says enough.
    return null;
  }
}

// Set while the page is on its way out (signing out, or already sent to sign in), so a poll that
// gets 401 meanwhile does not start a second navigation somewhere else.
let leaving = false;

/** Marks the page as leaving (or not, when a sign-out failed); see sendToSignIn. */
export function setLeaving(value: boolean): void {
  leaving = value;
}

/**
 * The session ended while a page was open (expired, signed out elsewhere, user disabled): go to
 * the sign-in page, which brings the user back here afterwards. A full load, so nothing cached
 * from the old session stays.
 */
export function sendToSignIn(): void {
  if (leaving || typeof window === "undefined") return;
  leaving = true;
  const here = `${window.location.pathname}${window.location.search}`;
  loadPage(`/login?next=${encodeURIComponent(here)}`);
}

/**
 * Navigates with a full page load, not a client navigation: used where the session changes (sign-in,
 * sign-out, a password reset of oneself), so the root layout renders anew and nothing cached from the
 * old session survives.
 */
export function loadPage(path: string): void {
  window.location.assign(path);
}

/**
 * The ApiError of a failed answer: the one place an error body is read. A 401 means the session
 * is over (see sendToSignIn), except the sign-in form's own "wrong credentials".
 *
 * @example throw failedAnswer(409, { error: "image is in use", code: "conflict:image", containers: [] })
 */
export function failedAnswer(status: number, body: unknown, fallback = `Request failed with HTTP ${status}.`): ApiError {
  const details = isRecord(body) ? body : {};
  const error = new ApiError(status, typeof details.error === "string" ? details.error : fallback, details);
  if (status === 401 && error.code !== "unauthorized:login") sendToSignIn();
  return error;
}

async function failedResponse(response: Response, fallback?: string): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  return failedAnswer(response.status, parseJson(text), fallback);
}

// ---------------------------------------------------------------------------------------------
// The page's engine

/** The engine made from the server's DOCKER_HOST: not a row; requests name it by leaving `?engine=` out. */
export const DEFAULT_ENGINE_ID = "default";

// The engine this page works on, set by EngineProvider (app/_components/engine-context.tsx) before
// anything under it renders. Switching engines loads the page anew, so it never changes under a
// mounted component. Only the browser sets it: on the server this module is shared by every
// request at once, so keys rendered there carry no engine (engineFallback covers the difference).
let pageEngine = DEFAULT_ENGINE_ID;

/** Sets the engine every engine-scoped request of this page goes to (in the browser; a no-op on the server). */
export function setPageEngine(id: string): void {
  if (typeof window !== "undefined") pageEngine = id;
}

/** The engine this page works on: "default" for DOCKER_HOST's. */
export function pageEngineId(): string {
  return pageEngine;
}

// What is the same whichever engine is chosen: sign-in, users, tokens, the audit log (which filters
// by engine with `?engineId=`), the engines themselves and the fleet across them.
// Clean-up policies run on the default engine, scheduled or not: they are not the page engine's.
const NOT_ENGINE_SCOPED = /^\/api\/(auth|users|tokens|audit|engines|fleet|openapi\.json|cleanup\/policies)(\/|\?|#|$)/;

/**
 * Adds `engine=<id>` to an engine-scoped API address when the page is on an engine other than the
 * default one. Any other address, and one that names its engine already, is returned as it is.
 *
 * @example withEngine("/api/images?q=web", "ck1") // "/api/images?q=web&engine=ck1"
 * @example withEngine("/api/users", "ck1") // "/api/users"
 */
export function withEngine(url: string, engineId: string = pageEngine): string {
  if (engineId === DEFAULT_ENGINE_ID || !url.startsWith("/api/") || NOT_ENGINE_SCOPED.test(url)) return url;
  const hashAt = url.indexOf("#");
  const [address, hash] = hashAt === -1 ? [url, ""] : [url.slice(0, hashAt), url.slice(hashAt)];
  const queryAt = address.indexOf("?");
  if (queryAt !== -1 && new URLSearchParams(address.slice(queryAt + 1)).has("engine")) return url;
  return `${address}${queryAt === -1 ? "?" : "&"}engine=${encodeURIComponent(engineId)}${hash}`;
}

/**
 * SWR's `fallback` for data a server page read on `engineId`. Keys rendered on the server carry
 * no engine (the page engine is the browser's alone) and the browser's do: the same data is
 * offered under both, so the browser's first render matches the server's.
 *
 * @example <SWRConfig value={{ fallback: engineFallback(engine.id, apiKeys.volume(name), volume) }}>
 */
export function engineFallback(engineId: string, key: string, data: unknown): Record<string, unknown> {
  return { [key]: data, [withEngine(key, engineId)]: data };
}

// ---------------------------------------------------------------------------------------------
// Paths and SWR keys

/** What `GET /api/images/compare` compares: two images, each at a layer (null: its top layer). */
export type ComparisonRequest = { a: string; aLayer?: number | null; b: string; bLayer?: number | null };

type QueryValue = string | number | boolean | Date | null | undefined | readonly string[];

/** `path?a=1&b=x`, leaving out empty values; an array repeats its parameter. */
function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.set(key, value instanceof Date ? value.toISOString() : String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const segment = encodeURIComponent;

// The API's GET addresses on any engine; apiKeys adds the page's engine.
const apiPaths = {
  images: (query: ImageListQuery = {}) => withQuery("/api/images", query),
  image: (ref: string) => `/api/images/${segment(ref)}`,
  containers: () => "/api/containers",
  container: (id: string) => `/api/containers/${segment(id)}`,
  containerChanges: (id: string) => `/api/containers/${segment(id)}/diff`,
  containerStats: (id: string) => `/api/containers/${segment(id)}/stats`,
  registries: () => "/api/registries",
  registryRepositories: (id: string) => `/api/registries/${segment(id)}/repositories`,
  registryTags: (id: string, repository: string) => withQuery(`/api/registries/${segment(id)}/tags`, { repository }),
  users: () => "/api/users",
  tokens: () => "/api/tokens",
  audit: (query: AuditListQuery = {}) => withQuery("/api/audit", query),
  /** The layer analysis; streamed with progress by useAnalysis (app/_lib/hooks/use-analysis.ts). */
  imageAnalysis: (ref: string) => `/api/images/${segment(ref)}/analysis`,
  layerFiles: (ref: string, layer: number, query: { path: string; view: LayerFileView; offset?: number; limit?: number }) =>
    withQuery(`/api/images/${segment(ref)}/layers/${layer}/files`, query),
  /** One file's bytes as stored in a layer: also the download link. */
  layerFile: (ref: string, layer: number, path: string) => withQuery(`/api/images/${segment(ref)}/layers/${layer}/file`, { path }),
  /** Two images, or two layers (`aLayer` / `bLayer`: what a container sees at that layer; absent: the top). */
  imageComparison: ({ a, aLayer, b, bLayer }: ComparisonRequest) => withQuery("/api/images/compare", { a, aLayer, b, bLayer }),
  volumes: () => "/api/volumes",
  volume: (name: string) => `/api/volumes/${segment(name)}`,
  networks: () => "/api/networks",
  network: (id: string) => `/api/networks/${segment(id)}`,
  builds: (query: BuildListQueryInput = {}) => withQuery("/api/builds", query),
  build: (id: string) => `/api/builds/${segment(id)}`,
  diskUsage: () => "/api/disk-usage",
  cleanupPlan: (id: string) => `/api/cleanup/plans/${segment(id)}`,
  cleanupPolicies: () => "/api/cleanup/policies",
  cleanupPolicy: (id: string) => `/api/cleanup/policies/${segment(id)}`,
  /** Every image across all engines. */
  fleetImages: (query: FleetImagesQuery = {}) => withQuery("/api/fleet/images", query),
  engines: () => "/api/engines",
} as const satisfies Record<string, (...args: never[]) => string>;

/**
 * The API's GET addresses, which are also the SWR keys of what they answer: a mutation revalidates
 * the keys of its scope (see isKeyIn), so list and detail pages refresh together.
 *
 * @example apiKeys.image("seed/web:1") // "/api/images/seed%2Fweb%3A1"
 */
export const apiKeys = Object.fromEntries(
  Object.entries(apiPaths).map(([name, path]) => [name, (...args: never[]) => withEngine((path as (...args: never[]) => string)(...args))]),
) as typeof apiPaths;

/** What a mutation can make stale: every key under `/api/<scope>`. */
export type ApiScope =
  | "images"
  | "containers"
  | "registries"
  | "users"
  | "tokens"
  | "audit"
  | "volumes"
  | "networks"
  | "builds"
  | "disk-usage"
  | "cleanup"
  | "engines";

/**
 * True when an SWR key belongs to the scope, for `mutate(filter)`.
 *
 * @example isKeyIn("images", "/api/images/seed%2Fweb%3A1") // true
 */
export function isKeyIn(scope: ApiScope, key: unknown): boolean {
  if (typeof key !== "string") return false;
  const base = `/api/${scope}`;
  return key === base || key.startsWith(`${base}/`) || key.startsWith(`${base}?`);
}

// ---------------------------------------------------------------------------------------------
// JSON requests

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Calls the API and returns the parsed JSON; throws ApiError carrying the server's message.
 *
 * @example const list = await requestJson<ImageList>("/api/images")
 * @example await requestJson("/api/images/seed%2Ffat%3A1/tag", { method: "POST", body: { repo: "x", tag: "1" } })
 */
export async function requestJson<T>(url: string, options: { method?: Method; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withEngine(url), {
      method: options.method ?? "GET",
      headers:
        options.body === undefined ? { accept: "application/json" } : { "content-type": "application/json", accept: "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch (cause) {
    throw new ApiError(0, NO_ANSWER, {}, { cause });
  }
  if (!response.ok) throw await failedResponse(response);
  // 204 (resize) has no body.
  const text = await response.text();
  return (text ? parseJson(text) : null) as T;
}

/** The SWR fetcher: a GET of the key. */
export function fetchJson<T>(url: string): Promise<T> {
  return requestJson<T>(url);
}

const post = <T>(url: string, body?: unknown) => requestJson<T>(url, { method: "POST", body });

// ---------------------------------------------------------------------------------------------
// Streams

/**
 * Reads an `application/x-ndjson` body, yielding the parsed lines of each network chunk together
 * (a pull sends hundreds of lines a second: one update per chunk, not per line). A line that is not
 * JSON is skipped. Stopping early cancels the stream, which ends the request.
 */
export async function* ndjsonChunks(body: ReadableStream<Uint8Array<ArrayBuffer>>): AsyncGenerator<unknown[], void, undefined> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parse = (texts: string[]): unknown[] => {
    const values: unknown[] = [];
    for (const text of texts) {
      const value = text.trim() === "" ? null : parseJson(text);
      if (value !== null) values.push(value);
    }
    return values;
  };
  let pending = "";
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const texts = (pending + value).split("\n");
      pending = texts.pop() ?? "";
      yield parse(texts);
    }
    finished = true;
    const rest = parse([pending]);
    if (rest.length) yield rest;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** Options of a long operation; `useOperation` hands these to the call. */
export type TransferOptions = {
  signal?: AbortSignal;
  /** The engine's per-layer progress, folded, after each chunk of the stream. */
  onProgress?: (state: ProgressState) => void;
  /** Bytes of an upload sent so far. */
  onUpload?: (progress: UploadProgress) => void;
};

/**
 * POSTs (JSON `body`, if any) asking for progress (`Accept: application/x-ndjson`) and answers the
 * stream of lines; a refusal before the stream, or no answer at all, rejects with ApiError.
 */
async function postForProgress(url: string, body: unknown, signal: AbortSignal | undefined): Promise<NonNullable<Response["body"]>> {
  let response: Response;
  try {
    response = await fetch(withEngine(url), {
      method: "POST",
      headers: { accept: "application/x-ndjson", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, NO_ANSWER, {}, { cause: error });
  }
  if (!response.ok) throw await failedResponse(response);
  if (!response.body) throw new ApiError(response.status, "The server answered without a progress stream.");
  return response.body;
}

/**
 * Runs a streamed operation (`Accept: application/x-ndjson`), calling `onProgress` with the folded
 * per-layer state as lines arrive, and resolves with the `{"result"}` of the last line. A failure
 * before the stream (4xx/5xx) and the closing `{"error","code","status"}` line both reject with
 * ApiError: push errors arrive inside a 200 stream.
 */
async function streamOperation<R>(url: string, { body, signal, onProgress }: TransferOptions & { body?: unknown }): Promise<R> {
  const stream = await postForProgress(url, body, signal);

  let state = initialProgress;
  let outcome: { result: R } | { failure: Record<string, unknown> } | null = null;
  try {
    for await (const lines of ndjsonChunks(stream)) {
      for (const line of lines) {
        if (!isRecord(line)) continue;
        if ("result" in line) outcome = { result: line.result as R };
        // The engine's own in-stream errors ({"error","errorDetail"}) are progress (applyProgress
        // keeps them); the server's closing line is the one that carries a code.
        else if (typeof line.error === "string" && typeof line.code === "string") outcome = { failure: line };
        else state = applyProgress(state, line as ProgressMessage);
      }
      onProgress?.(state);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(
      0,
      "The connection to the dashboard server broke before the operation finished; it may still be running on the engine.",
      {},
      { cause: error },
    );
  }
  if (outcome && "result" in outcome) return outcome.result;
  if (outcome) throw failedAnswer(typeof outcome.failure.status === "number" ? outcome.failure.status : 500, outcome.failure);
  throw new ApiError(0, state.error ?? "The progress stream ended without a result; check the audit log for what happened.");
}

export type UploadProgress = { sent: number; total: number; done: boolean };

/** The Content-Type to send an archive as; never JSON, which the import route reads as `{"url"}`. */
export function archiveContentType(file: File): string {
  const name = file.name.toLowerCase();
  if (/\.(tar\.gz|tgz|gz)$/.test(name)) return "application/gzip";
  if (/\.(tar\.xz|txz|xz)$/.test(name)) return "application/x-xz";
  if (/\.tar$/.test(name)) return "application/x-tar";
  return "application/octet-stream";
}

/**
 * POSTs a File as the raw request body (the browser streams it from disk; it is never read into
 * memory here) and resolves with the JSON answer. Through XMLHttpRequest, because fetch reports no
 * upload progress. `done` turns true when every byte is sent and the server is still working.
 */
function uploadFile<R>(url: string, file: File, { contentType, signal, onUpload }: TransferOptions & { contentType: string }): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", withEngine(url));
    xhr.setRequestHeader("content-type", contentType);
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) =>
      onUpload?.({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size, done: false });
    xhr.upload.onload = () => onUpload?.({ sent: file.size, total: file.size, done: true });
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as R);
      else reject(failedAnswer(xhr.status, body, `Upload failed with HTTP ${xhr.status}.`));
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload broke off: the dashboard server did not answer or closed the connection."));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

function isLogLine(value: unknown): value is LogLine {
  return isRecord(value) && typeof value.text === "string" && (value.stream === "stdout" || value.stream === "stderr");
}

/**
 * Follows a container's log as JSON lines until it ends (resolves) or `signal` aborts. `onLines`
 * gets each network chunk's lines at once (a burst of output is one render, not hundreds).
 */
async function followLogs(
  id: string,
  query: Partial<ContainerLogsQuery>,
  { signal, onOpen, onLines }: { signal: AbortSignal; onOpen: () => void; onLines: (lines: LogLine[]) => void },
): Promise<void> {
  const response = await fetch(withEngine(withQuery(`/api/containers/${segment(id)}/logs`, query)), {
    headers: { accept: "application/x-ndjson" },
    signal,
    cache: "no-store",
  });
  if (!response.ok) throw await failedResponse(response, `The logs could not be read (HTTP ${response.status}).`);
  if (!response.body) throw new ApiError(response.status, "The server answered without a log stream.");
  onOpen();
  for await (const values of ndjsonChunks(response.body)) {
    // An error after the stream started arrives as the last line (the status was sent already).
    const failure = values.find((value) => isRecord(value) && typeof value.error === "string");
    if (failure) throw failedAnswer(500, failure);
    const lines = values.filter(isLogLine);
    if (lines.length) onLines(lines);
  }
}

/**
 * Follows `docker stats`: a sample about every second until `signal` aborts (rejects with an
 * AbortError) or the container stops (resolves). Aborting ends the engine's stats stream.
 */
async function followStats(
  id: string,
  { signal, onSample }: { signal: AbortSignal; onSample: (sample: ContainerStats) => void },
): Promise<void> {
  const response = await fetch(apiKeys.containerStats(id), { headers: { accept: "application/x-ndjson" }, signal, cache: "no-store" });
  if (!response.ok) throw await failedResponse(response, `The stats could not be read (HTTP ${response.status}).`);
  if (!response.body) throw new ApiError(response.status, "The server answered without a stats stream.");
  for await (const values of ndjsonChunks(response.body)) {
    const failure = values.find((value) => isRecord(value) && typeof value.error === "string");
    if (failure) throw failedAnswer(500, failure);
    const last = values.at(-1);
    if (isRecord(last) && isRecord(last.cpu)) onSample(last as ContainerStats);
  }
}

/**
 * Runs a clean-up (a stored plan's `…/run`, or a policy's) with its progress (`Accept:
 * application/x-ndjson`): `onLine` gets each item as it is removed, skipped or failed; resolves
 * with the `{"result"}` of the last line. Refusals before the run (400 confirmation, 409 too old,
 * run already or the policy running) and the closing error line both reject with ApiError.
 */
async function runCleanup(
  runPath: string,
  body: CleanupRunRequest | Record<string, never>,
  { signal, onLine }: { signal?: AbortSignal; onLine: (line: CleanupRunProgress) => void },
): Promise<CleanupRunResult> {
  const stream = await postForProgress(runPath, body, signal);
  let result: CleanupRunResult | null = null;
  try {
    for await (const values of ndjsonChunks(stream)) {
      for (const value of values) {
        if (!isRecord(value)) continue;
        if ("result" in value) result = value.result as CleanupRunResult;
        else if (typeof value.error === "string") throw failedAnswer(typeof value.status === "number" ? value.status : 500, value);
        else onLine(value as CleanupRunProgress);
      }
    }
  } catch (error) {
    if (isApiError(error) || signal?.aborted) throw error;
    throw new ApiError(
      0,
      "The connection to the dashboard server broke before the run finished; it may still be running: read the audit log.",
      {},
      { cause: error },
    );
  }
  if (!result) throw new ApiError(0, "The run's progress stream ended without a result; read the audit log for what happened.");
  return result;
}

const sessionPath = (session: string, part = "") => `/api/exec/${segment(session)}${part}`;

/**
 * Reads a console's terminal bytes until the process exits (resolves) or `signal` aborts (rejects
 * with an AbortError). Aborting is how the page hangs up: the server ends the exec when its reader goes.
 */
async function readConsoleOutput(
  session: string,
  { signal, onData }: { signal: AbortSignal; onData: (bytes: Uint8Array) => void },
): Promise<void> {
  const response = await fetch(withEngine(sessionPath(session, "/output")), { signal, cache: "no-store" });
  if (!response.ok) throw await failedResponse(response, `The console failed (HTTP ${response.status}).`);
  if (!response.body) throw new ApiError(response.status, "The server answered without the terminal's stream.");
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onData(value);
  }
}

/** What a build is made from: a typed Dockerfile (JSON), an uploaded archive, or a picked folder packed in the browser. */
export type BuildContextInput =
  | { kind: "typed"; body: BuildJsonBody }
  | { kind: "remote"; remote: string }
  | { kind: "archive"; file: File }
  | { kind: "folder"; archive: Blob; name: string };

/**
 * `POST /api/builds` with `Accept: application/x-ndjson`: `onEvents` gets each network chunk's
 * step, output and step-done lines as the engine works; resolves with the `{"result"}` line. A
 * failing step rejects with an ApiError whose body is the 422's `{step, lastImageId, logTail}`.
 * Through XMLHttpRequest, which sends a File or Blob from disk with upload progress and reads the
 * answer as it arrives (a streamed fetch body needs HTTP/2). Aborting closes the request, which
 * stops a classic build on the engine.
 */
function runBuild(
  context: BuildContextInput,
  query: BuildQueryInput,
  options: TransferOptions & { onEvents?: (events: BuildEvent[]) => void },
): Promise<BuildResult> {
  const body: Blob | string =
    context.kind === "typed"
      ? JSON.stringify(context.body)
      : context.kind === "remote"
        ? JSON.stringify({ remote: context.remote })
        : context.kind === "archive"
          ? context.file
          : context.archive;
  const contentType =
    context.kind === "typed" || context.kind === "remote"
      ? "application/json"
      : context.kind === "archive"
        ? archiveContentType(context.file)
        : "application/x-tar";
  return streamBuild(withQuery("/api/builds", query as Record<string, QueryValue>), { body, contentType }, options);
}

/** The streamed answer of `POST /api/builds` or `POST /api/builds/{id}/rebuild` (see runBuild). */
function streamBuild(
  url: string,
  upload: { body: Blob | string; contentType: string } | null,
  { signal, onUpload, onEvents }: TransferOptions & { onEvents?: (events: BuildEvent[]) => void },
): Promise<BuildResult> {
  const body = upload?.body ?? null;
  const size = body === null ? 0 : typeof body === "string" ? body.length : body.size;
  return new Promise<BuildResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", withEngine(url));
    if (upload) xhr.setRequestHeader("content-type", upload.contentType);
    xhr.setRequestHeader("accept", "application/x-ndjson");
    xhr.responseType = "text";
    let read = 0;
    let pending = "";
    let outcome: { result: BuildResult } | { failure: Record<string, unknown> } | null = null;
    const consume = (final: boolean) => {
      const text = xhr.responseText;
      const lines = (pending + text.slice(read)).split("\n");
      read = text.length;
      pending = final ? "" : (lines.pop() ?? "");
      const events: BuildEvent[] = [];
      for (const line of lines) {
        const value = line.trim() === "" ? null : parseJson(line);
        if (!isRecord(value)) continue;
        if ("result" in value) outcome = { result: value.result as BuildResult };
        else if (typeof value.error === "string" && typeof value.code === "string") outcome = { failure: value };
        else if (typeof value.type === "string") events.push(value as BuildEvent);
      }
      if (events.length) onEvents?.(events);
    };
    const ok = () => xhr.status >= 200 && xhr.status < 300;
    if (upload) {
      xhr.upload.onprogress = (event) =>
        onUpload?.({ sent: event.loaded, total: event.lengthComputable ? event.total : size, done: false });
      xhr.upload.onload = () => onUpload?.({ sent: size, total: size, done: true });
    }
    xhr.onprogress = () => {
      if (ok()) consume(false);
    };
    xhr.onload = () => {
      if (!ok()) {
        reject(failedAnswer(xhr.status, parseJson(xhr.responseText), `The build failed with HTTP ${xhr.status}.`));
        return;
      }
      consume(true);
      if (outcome && "result" in outcome) resolve(outcome.result);
      else if (outcome) reject(failedAnswer(typeof outcome.failure.status === "number" ? outcome.failure.status : 500, outcome.failure));
      else reject(new ApiError(0, "The build's stream ended without a result; check the audit log for what happened."));
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, "The connection to the dashboard server broke before the build finished; it may still be running on the engine."),
      );
    xhr.onabort = () => reject(new DOMException("The build was cancelled.", "AbortError"));
    if (signal?.aborted) {
      reject(new DOMException("The build was cancelled.", "AbortError"));
      return;
    }
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

// ---------------------------------------------------------------------------------------------
// The client

/**
 * The typed API, one function per route.
 *
 * @example const detail = await api.images.get("seed/web:1")
 * @example await api.images.tag("seed/web:1", { repo: "team/web", tag: "v1" })
 * @example const pulled = await api.images.pull({ reference: "busybox:1.36" }, { onProgress: setProgress })
 */
export const api = {
  images: {
    list: (query: ImageListQuery = {}) => fetchJson<ImageList>(apiPaths.images(query)),
    get: (ref: string) => fetchJson<ImageDetail>(apiPaths.image(ref)),
    tag: (ref: string, body: TagImageInput) => post<TaggedImage>(`${apiPaths.image(ref)}/tag`, body),
    remove: (ref: string, options: RemoveImageOptions = {}) =>
      requestJson<RemovedImage>(withQuery(apiPaths.image(ref), options), { method: "DELETE" }),
    pull: (body: PullImageInput, options: TransferOptions = {}) => streamOperation<PulledImage>("/api/images/pull", { ...options, body }),
    push: (ref: string, options: TransferOptions = {}) => streamOperation<PushedImage>(`${apiPaths.image(ref)}/push`, options),
    /** `docker import` of an uploaded root filesystem archive. */
    importArchive: (file: File, query: ImportImageQuery = {}, options: TransferOptions = {}) =>
      uploadFile<ImportedImage>(withQuery("/api/images/import", query), file, { ...options, contentType: archiveContentType(file) }),
    /** `docker import` of an archive the engine downloads itself. */
    importUrl: (body: ImportImageUrlInput, query: ImportImageQuery = {}) =>
      post<ImportedImage>(withQuery("/api/images/import", query), body),
    load: (file: File, options: TransferOptions = {}) =>
      uploadFile<LoadedImages>("/api/images/load", file, { ...options, contentType: "application/x-tar" }),
    /** The address of `docker save`'s download: a plain link, so the browser streams it to disk. */
    saveUrl: (ref: string) => withEngine(`${apiPaths.image(ref)}/save`),
    /** `docker save REF | docker -H TARGET load` from engine `from` to engine `to`, with the bytes copied as progress. */
    copy: (ref: string, { from, to }: CopyImageBody & { from: string }, options: TransferOptions = {}) =>
      // Names its source engine itself, whichever engine the page is on.
      streamOperation<CopiedImage>(withQuery(`/api/images/${segment(ref)}/copy`, { engine: from }), { ...options, body: { to } }),
  },
  fleet: {
    images: (query: FleetImagesQuery = {}) => fetchJson<FleetImages>(apiKeys.fleetImages(query)),
  },
  containers: {
    list: () => fetchJson<ContainerList>(apiPaths.containers()),
    get: (id: string) => fetchJson<ContainerDetail>(apiPaths.container(id)),
    changes: (id: string) => fetchJson<ContainerChanges>(apiPaths.containerChanges(id)),
    launch: (spec: LaunchSpecInput) => post<LaunchedContainer>("/api/containers", spec),
    preview: (spec: LaunchSpecInput) => post<LaunchPreview>("/api/containers/preview", spec),
    act: (id: string, action: ContainerAction) => post<ContainerActionResult>(`${apiPaths.container(id)}/${action}`),
    remove: (id: string, options: RemoveContainerOptions = {}) =>
      requestJson<RemovedContainer>(withQuery(apiPaths.container(id), options), { method: "DELETE" }),
    commit: (id: string, body: CommitContainerInput) => post<CommittedImage>(`${apiPaths.container(id)}/commit`, body),
    /** The address of `docker export`'s download. */
    exportUrl: (id: string) => withEngine(`${apiPaths.container(id)}/export`),
    followLogs,
    /** One `docker stats --no-stream` sample (takes 1–2 s); 409 when the container is not running. */
    stats: (id: string) => fetchJson<ContainerStats>(apiPaths.containerStats(id)),
    followStats,
    /** `docker exec -it`: opens a console session to talk to through `api.consoles`. */
    openConsole: (id: string, body: ConsoleRequest) => post<OpenedConsole>(`${apiPaths.container(id)}/exec`, body),
  },
  consoles: {
    get: (session: string) => fetchJson<ConsoleStatus>(sessionPath(session)),
    /** Hangs up; `keepalive` lets the request outlive the page (tab closing, navigating away). Never throws. */
    end: async (session: string, { keepalive = false } = {}): Promise<void> => {
      await fetch(withEngine(sessionPath(session)), { method: "DELETE", keepalive, cache: "no-store" }).catch(() => undefined);
    },
    resize: (session: string, size: ConsoleSize) => post<null>(sessionPath(session, "/resize"), size),
    /** Keystrokes as raw bytes; resolves with the answer's status (409: the session has ended). */
    input: async (session: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> => {
      let response: Response;
      try {
        response = await fetch(withEngine(sessionPath(session, "/input")), {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: bytes,
          cache: "no-store",
        });
      } catch (cause) {
        throw new ApiError(0, "Keystrokes could not be sent: the dashboard server did not answer.", {}, { cause });
      }
      if (!response.ok) throw await failedResponse(response, `The console failed (HTTP ${response.status}).`);
    },
    readOutput: readConsoleOutput,
  },
  registries: {
    list: () => fetchJson<RegistryList>(apiPaths.registries()),
    create: (body: CreateRegistryInput) => post<RegistryView>("/api/registries", body),
    update: (id: string, body: UpdateRegistryInput) =>
      requestJson<RegistryView>(`/api/registries/${segment(id)}`, { method: "PATCH", body }),
    remove: (id: string) => requestJson<RemovedRegistry>(`/api/registries/${segment(id)}`, { method: "DELETE" }),
    testLogin: (id: string) => post<RegistryLoginResult>(`/api/registries/${segment(id)}/test`),
    repositories: (id: string) => fetchJson<RepositoryList>(apiPaths.registryRepositories(id)),
    tags: (id: string, repository: string) => fetchJson<RepositoryTags>(apiPaths.registryTags(id, repository)),
    removeTag: (id: string, query: RepositoryTagInput) =>
      requestJson<DeletedRepositoryTag>(withQuery(`/api/registries/${segment(id)}/tags`, query), { method: "DELETE" }),
  },
  users: {
    list: () => fetchJson<UserList>(apiPaths.users()),
    create: (body: CreateUserInput) => post<UserView>("/api/users", body),
    update: (id: string, body: UpdateUserInput) => requestJson<UserView>(`/api/users/${segment(id)}`, { method: "PATCH", body }),
  },
  tokens: {
    list: () => fetchJson<ApiTokenList>(apiPaths.tokens()),
    create: (body: CreateTokenInput) => post<CreatedApiToken>("/api/tokens", body),
    revoke: (id: string) => requestJson<ApiTokenView>(`/api/tokens/${segment(id)}`, { method: "DELETE" }),
  },
  audit: {
    list: (query: AuditListQuery = {}) => fetchJson<AuditPage>(apiPaths.audit(query)),
  },
  volumes: {
    list: () => fetchJson<VolumeList>(apiPaths.volumes()),
    get: (name: string) => fetchJson<VolumeDetail>(apiPaths.volume(name)),
    create: (body: CreateVolumeInput) => post<CreatedVolume>("/api/volumes", body),
    /** A 409 (containers use it) carries `containers: [{id, name}]` in the ApiError's body. */
    remove: (name: string) => requestJson<RemovedVolume>(apiPaths.volume(name), { method: "DELETE" }),
  },
  networks: {
    list: () => fetchJson<NetworkList>(apiPaths.networks()),
    get: (id: string) => fetchJson<NetworkDetail>(apiPaths.network(id)),
    create: (body: CreateNetworkInput) => post<CreatedNetwork>("/api/networks", body),
    remove: (id: string) => requestJson<RemovedNetwork>(apiPaths.network(id), { method: "DELETE" }),
  },
  cleanup: {
    /** Where the disk goes; `systemDf.state` says whether the slow `docker system df` is still computing. */
    diskUsage: () => fetchJson<DiskUsage>(apiPaths.diskUsage()),
    /** Makes and stores a plan; removes nothing. */
    createPlan: (body: CleanupPlanRequest) => post<CleanupPlan>("/api/cleanup/plans", body),
    counts: (requests: Record<string, CleanupPlanRequest>) => post<CleanupCounts>("/api/cleanup/counts", { requests }),
    getPlan: (id: string) => fetchJson<CleanupPlan>(apiPaths.cleanupPlan(id)),
    /** Removes the plan's items (admin), streaming each item's outcome. */
    runPlan: (id: string, body: CleanupRunRequest, options: { signal?: AbortSignal; onLine: (line: CleanupRunProgress) => void }) =>
      runCleanup(`${apiPaths.cleanupPlan(id)}/run`, body, options),
    listPolicies: () => fetchJson<CleanupPolicyList>(apiKeys.cleanupPolicies()),
    createPolicy: (body: CleanupPolicyCreate) => post<CleanupPolicy>(apiKeys.cleanupPolicies(), body),
    updatePolicy: (id: string, body: CleanupPolicyUpdate) =>
      requestJson<CleanupPolicy>(apiKeys.cleanupPolicy(id), { method: "PATCH", body }),
    deletePolicy: (id: string) => requestJson<{ id: string; name: string }>(apiKeys.cleanupPolicy(id), { method: "DELETE" }),
    /** Makes the policy's plan under its limits and runs it now (admin), streaming each item's outcome. */
    runPolicy: (id: string, options: { signal?: AbortSignal; onLine: (line: CleanupRunProgress) => void }) =>
      runCleanup(`${apiPaths.cleanupPolicy(id)}/run`, {}, options),
  },
  layers: {
    /** One page of a directory of a layer (`view` "layer": its tar; "union": what a container sees there). */
    files: (ref: string, layer: number, query: { path: string; view: LayerFileView; offset?: number; limit?: number }) =>
      fetchJson<LayerDirectoryListing>(apiPaths.layerFiles(ref, layer, query)),
    compare: (request: ComparisonRequest) => fetchJson<ImageComparison>(apiPaths.imageComparison(request)),
  },
  builds: {
    list: (query: BuildListQueryInput = {}) => fetchJson<BuildPage>(apiPaths.builds(query)),
    get: (id: string) => fetchJson<BuildDetail>(apiPaths.build(id)),
    /** `docker build` (classic builder), its steps streamed to `onEvents`. */
    run: runBuild,
    /** The same build again (typed or remote context), streamed like `run`. */
    rebuild: (id: string, options: TransferOptions & { onEvents?: (events: BuildEvent[]) => void } = {}) =>
      streamBuild(`${apiPaths.build(id)}/rebuild`, null, options),
    /** Stops a running build wherever it runs; its stream then ends with a 409 `conflict:build`. */
    cancel: (id: string) => post<BuildCancelResult>(`${apiPaths.build(id)}/cancel`),
    /** The whole log as text (a plain link). */
    logUrl: (id: string) => withEngine(`${apiPaths.build(id)}/log`),
  },
  dockerfile: {
    /** The lint findings of a Dockerfile's text, with hadolint IDs. */
    lint: async (text: string, signal?: AbortSignal): Promise<LintResult> => {
      let response: Response;
      try {
        response = await fetch(withEngine("/api/dockerfile/lint"), {
          method: "POST",
          headers: { "content-type": "text/plain", accept: "application/json" },
          body: text,
          signal,
          cache: "no-store",
        });
      } catch (cause) {
        if (signal?.aborted) throw cause;
        throw new ApiError(0, NO_ANSWER, {}, { cause });
      }
      if (!response.ok) throw await failedResponse(response);
      return (await response.json()) as LintResult;
    },
  },
  engines: {
    /** Every engine with its state (each is asked, at most a few seconds for one that is down). */
    list: () => fetchJson<EngineList>(apiPaths.engines()),
    /** Adds an engine once it answers a ping; a 400 names what failed (refused, TLS, authentication, host key). */
    create: (body: CreateEngineInput) => post<EngineView>("/api/engines", body),
    update: (id: string, body: UpdateEngineInput) => requestJson<EngineView>(`/api/engines/${segment(id)}`, { method: "PATCH", body }),
    remove: (id: string) => requestJson<RemovedEngine>(`/api/engines/${segment(id)}`, { method: "DELETE" }),
    /** Pings the engine now: its state, or the reason it is down. */
    test: (id: string) => post<EngineView>(`/api/engines/${segment(id)}/test`),
    /** Remembers the engine the signed-in user works on; the page then loads anew on it. */
    setCurrent: (engineId: string) => requestJson<CurrentEngine>("/api/engines/current", { method: "PUT", body: { engineId } }),
  },
  auth: {
    login: (body: LoginInput) => post<LoginResult>("/api/auth/login", body),
    setup: (body: SetupInput) => post<SetupResult>("/api/auth/setup", body),
    logout: () => post<SignedOut>("/api/auth/logout"),
    me: () => fetchJson<Me>("/api/auth/me"),
  },
};
