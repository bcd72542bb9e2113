/**
 * The engine's pull and push progress, as the per-layer bars the UI draws. The engine streams one
 * JSON object per line (`{"status","id","progressDetail":{"current","total"}}`); failures arrive
 * *inside* that HTTP 200 stream as `{"error": "...", "errorDetail": {...}}`, so the stream must be
 * read to the end to know whether the operation worked.
 */

export type ProgressMessage = {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number; ID?: string };
  stream?: string;
};

export type LayerProgress = {
  id: string;
  status: string;
  current: number;
  total: number | null;
  done: boolean;
};

export type ProgressState = {
  layers: LayerProgress[];
  /** Status lines without a layer id ("Pulling from …", "Digest: …", "Status: …"). */
  messages: string[];
  digest: string | null;
  error: string | null;
  /** Bytes moved so far, summed over layers. */
  bytes: number;
};

export const initialProgress: ProgressState = { layers: [], messages: [], digest: null, error: null, bytes: 0 };

// "Copied" ends the one bar of an image copied between engines (lib/fleet).
const DONE_STATUSES = /^(Pushed|Layer already exists|Pull complete|Already exists|Download complete|Mounted from .*|Copied)$/;

/**
 * Folds one progress message into the state (pure, so the server and the browser share it).
 *
 * @example applyProgress(initialProgress, { status: "Pushing", id: "a1", progressDetail: { current: 5, total: 10 } })
 */
export function applyProgress(state: ProgressState, message: ProgressMessage): ProgressState {
  if (message.error || message.errorDetail?.message) {
    return { ...state, error: message.errorDetail?.message ?? message.error ?? "unknown error" };
  }
  const digest = message.aux?.Digest ?? /(?:^|\s)digest: (sha256:[0-9a-f]{64})/i.exec(message.status ?? "")?.[1] ?? state.digest;
  // "Pulling from repo" carries the tag as its id; it is a status line, not a layer.
  if (!message.id || !message.status || message.status.startsWith("Pulling from ")) {
    const line = message.status?.trim();
    return { ...state, digest, messages: line ? [...state.messages, line] : state.messages };
  }
  const existing = state.layers.find((layer) => layer.id === message.id);
  const current = message.progressDetail?.current ?? existing?.current ?? 0;
  const total = message.progressDetail?.total ?? existing?.total ?? null;
  const done = DONE_STATUSES.test(message.status);
  const layer: LayerProgress = {
    id: message.id,
    status: message.status,
    current: done && total ? total : current,
    total,
    done,
  };
  const layers = existing ? state.layers.map((item) => (item.id === message.id ? layer : item)) : [...state.layers, layer];
  return {
    ...state,
    digest,
    layers,
    bytes: layers.reduce((sum, item) => sum + item.current, 0),
  };
}

export type RegistryFailure = "authentication" | "not-found" | "other";

/**
 * What kind of failure a pull or push error message describes, for a sentence that says what to
 * fix: wrong or missing credentials, or a reference the registry does not have.
 *
 * @example classifyRegistryError("unauthorized: authentication required") // "authentication"
 */
export function classifyRegistryError(message: string): RegistryFailure {
  if (/unauthori[sz]ed|authentication required|no basic auth credentials|denied|forbidden|401|403/i.test(message)) {
    return "authentication";
  }
  if (/not found|manifest unknown|does not exist|no such image|repository .* not found/i.test(message)) return "not-found";
  return "other";
}
