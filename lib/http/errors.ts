import { errorTypeOf, isAppError, type ErrorBody, type ErrorCode, type ErrorType } from "@/lib/errors";

/** The one table from an error's type to its HTTP status. */
export const HTTP_STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  throttled: 429,
  unprocessable: 422,
  internal: 500,
  upstream: 502,
  unavailable: 503,
};

/** The HTTP status an error answers with: its type's, or 500 for anything that is not an AppError. */
export function httpStatusOf(error: unknown): number {
  return isAppError(error) ? HTTP_STATUS[error.type] : 500;
}

/** The status of a code, for documents and tests that speak in codes. */
export function httpStatusOfCode(code: ErrorCode): number {
  return HTTP_STATUS[errorTypeOf(code)];
}

/**
 * The body for anything thrown. Unknown errors are logged with detail on the server and reach the
 * client as a short message with a request id to find that log line.
 */
export function errorBodyOf(error: unknown): { status: number; body: ErrorBody } {
  if (isAppError(error)) return { status: httpStatusOf(error), body: error.toJSON() };
  const requestId = crypto.randomUUID().slice(0, 8);
  console.error(`[request ${requestId}] unexpected error`, error);
  return {
    status: 500,
    body: { error: `Internal error (request id ${requestId}); the server log has the details.`, code: "internal", requestId },
  };
}

/** Turns any thrown value into the JSON error response `{"error": "...", "code": "...", ...details}`. */
export function toErrorResponse(error: unknown, headers?: HeadersInit): Response {
  const { status, body } = errorBodyOf(error);
  return Response.json(body, { status, headers });
}
