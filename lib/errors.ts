/**
 * The one error type the dashboard's own code throws. It is a domain error: it says *what* went
 * wrong as a closed `type:surface` code (e.g. `not_found:image`, `conflict:image`,
 * `unavailable:engine`) and a sentence for people; it knows nothing of HTTP. The edge
 * (`lib/http/errors.ts`) turns the type into a status through one table, so a code and its status
 * cannot disagree.
 *
 * @example throw new AppError("bad_request:reference", 'invalid tag "-x": a tag starts with a letter, digit or underscore')
 */
export class AppError extends Error {
  override name = "AppError";
  readonly details: Record<string, unknown> | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }

  /** The part before the colon: what kind of failure, which decides the HTTP status at the edge. */
  get type(): ErrorType {
    return errorTypeOf(this.code);
  }

  /** The error body every client reads: `{"error": "<message>", "code": "...", ...details}`. */
  toJSON(): ErrorBody {
    return { ...(this.details ?? {}), error: this.message, code: this.code };
  }
}

/**
 * Kinds of failure. `upstream` is an engine or registry that answered with a failure the user
 * cannot fix by changing the request; `unavailable` is one that did not answer at all.
 */
export const ERROR_TYPES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "throttled",
  // the request was understood and run, and what it ran failed (a build step that exits non-zero)
  "unprocessable",
  "internal",
  "upstream",
  "unavailable",
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** What the failure is about. Adding one is a deliberate change: clients may switch on codes. */
export const ERROR_SURFACES = [
  // things on the engine
  "image",
  "layer",
  "container",
  "engine",
  "console",
  "exec",
  "volume",
  "network",
  // things the dashboard keeps
  "registry",
  "registry_login",
  "user",
  "token",
  "session",
  "login",
  "setup",
  "audit",
  "action",
  "database",
  "cleanup_plan",
  "cleanup_policy",
  // request checks
  "origin",
  "role",
  "bind_mount",
  "reference",
  "archive",
  "import",
  "load",
  "commit",
  "dockerfile",
  "build",
  "params",
  "query",
  "body",
  "path",
  "cursor",
  "request",
] as const;
export type ErrorSurface = (typeof ERROR_SURFACES)[number];

export type ErrorCode = `${ErrorType}:${ErrorSurface}` | "internal";

/** The JSON body of every error answer (and of the closing line of a failed stream). */
export type ErrorBody = { error: string; code: string; [detail: string]: unknown };

export function errorTypeOf(code: ErrorCode): ErrorType {
  return code === "internal" ? "internal" : (code.slice(0, code.indexOf(":")) as ErrorType);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Invalid input from the client, with a message that says what is wrong.
 *
 * @example throw new BadRequestError("query", "limit must be at most 500")
 */
export class BadRequestError extends AppError {
  override name = "BadRequestError";
  constructor(surface: ErrorSurface, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(`bad_request:${surface}`, message, options);
  }
}
