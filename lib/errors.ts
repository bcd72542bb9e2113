/**
 * The one error type that crosses from lib/ to HTTP. `code` reads `type:surface`
 * (e.g. `not_found:image`, `conflict:image`, `unavailable:engine`) and `status` is the HTTP status
 * it renders as. Route handlers end in `return toErrorResponse(error)`.
 *
 * @example throw new AppError("bad_request:reference", 400, "invalid tag \"-x\": a tag starts with a letter, digit or underscore")
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;

  toJSON(): Record<string, unknown> {
    return { error: this.message, code: this.code, ...(this.details ?? {}) };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status });
  }
}

/** Invalid input from the client: always 400, with a message that says what is wrong. */
export class BadRequestError extends AppError {
  override name = "BadRequestError";
  constructor(surface: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(`bad_request:${surface}`, 400, message, options);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Turns any thrown value into the JSON error response. Unknown errors are logged with detail on the
 * server and reach the client as a short message with a request id to find that log line.
 */
export function toErrorResponse(error: unknown): Response {
  if (isAppError(error)) return error.toResponse();
  const requestId = crypto.randomUUID().slice(0, 8);
  console.error(`[request ${requestId}] unexpected error`, error);
  return Response.json(
    { error: `Internal error (request id ${requestId}); the server log has the details.`, code: "internal", requestId },
    { status: 500 },
  );
}
