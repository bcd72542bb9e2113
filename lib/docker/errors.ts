import "server-only";
import { AppError } from "@/lib/errors";
import { currentEngine, DEFAULT_ENGINE_ID } from "@/lib/docker/client";
import { isSshEngineError } from "@/lib/docker/ssh";

type DockerodeError = Error & {
  statusCode?: number;
  json?: { message?: string } | string | null;
  code?: string;
  reason?: string;
};

const UNREACHABLE_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "EACCES",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
  "ABORT_ERR",
]);

/**
 * Node's codes for a TLS connection that failed: the engine's certificate is not signed by the
 * given CA, names another host, has expired, or the engine refused the client certificate.
 */
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
  "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
  "ERR_SSL_PEM_LIB",
  "ERR_OSSL_PEM_NO_START_LINE",
  "ERR_OSSL_PEM_BAD_BASE64_DECODE",
  "ERR_OSSL_X509_KEY_VALUES_MISMATCH",
]);

/** True for a TLS failure (certificate, CA, client key) rather than a network one. */
export function isTlsFailure(error: unknown): boolean {
  const e = error as DockerodeError;
  if (typeof e?.code !== "string") return false;
  return TLS_CODES.has(e.code) || /^ERR_(SSL|TLS|OSSL)_/.test(e.code) || /CERT/.test(e.code);
}

/** What the engine said, without dockerode's "(HTTP code 409) unexpected - " prefix. */
export function engineMessage(error: unknown): string {
  const e = error as DockerodeError;
  if (e?.json && typeof e.json === "object" && typeof e.json.message === "string") return e.json.message;
  if (typeof e?.json === "string" && e.json.trim() !== "") return e.json.trim();
  const message = e instanceof Error ? e.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, "").trim();
}

/**
 * Why an engine could not be reached, in words, from the connection error's code.
 *
 * @example unreachableReason("ECONNREFUSED") // "the connection was refused (is dockerd running?)"
 */
export function unreachableReason(code: string, message = ""): string {
  if (TLS_CODES.has(code) || /^ERR_(SSL|TLS|OSSL)_/.test(code) || /CERT/.test(code)) return `TLS error: ${message || code}`;
  switch (code) {
    case "ENOENT":
      return "the socket does not exist (is dockerd running?)";
    case "ECONNREFUSED":
      return "the connection was refused (is dockerd running?)";
    case "EACCES":
      return "permission denied on the socket";
    case "ETIMEDOUT":
    case "ABORT_ERR":
    case "ECONNABORTED":
      return "the connection timed out";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    default:
      return `connection failed (${code})`;
  }
}

/** True when the engine could not be reached at all (as opposed to answering with an error). */
export function isEngineUnreachable(error: unknown): boolean {
  const e = error as DockerodeError;
  // Every failure of the ssh transport (refused, authentication, a changed host key, the remote
  // docker CLI) means the engine was not reached.
  if (isSshEngineError(error)) return true;
  if (typeof e?.code !== "string" || e.statusCode !== undefined) return false;
  return UNREACHABLE_CODES.has(e.code) || isTlsFailure(error);
}

/** "Docker engine at HOST" for the default engine (as before there were several), else with its name. */
function engineWords(): string {
  const engine = currentEngine();
  return engine.id === DEFAULT_ENGINE_ID ? `Docker engine at ${engine.host}` : `Docker engine "${engine.name}" at ${engine.host}`;
}

/** The 503 every engine-backed route answers while the engine cannot be reached. */
export function engineUnavailableError(error: unknown): AppError {
  const code = (error as DockerodeError)?.code ?? "unknown";
  const engine = currentEngine();
  const message = error instanceof Error ? error.message : "";
  const reason = isSshEngineError(error) ? error.message : unreachableReason(code, message);
  return new AppError("unavailable:engine", `${engineWords()} is not reachable: ${reason}.`, {
    cause: error,
    details: { dockerHost: engine.host, engine: engine.id, engineName: engine.name },
  });
}

export type EngineSubject = { kind: "image" | "container" | "volume" | "network" | "engine"; name: string; action: string };

/**
 * Turns a dockerode error into an AppError whose message names the image or container, so the
 * user reads "no such image: bars/fat:1" rather than "(HTTP code 404) no such image".
 * Errors that are already AppErrors pass through unchanged.
 */
export function toEngineError(error: unknown, subject: EngineSubject): AppError {
  if (error instanceof AppError) return error;
  if (isEngineUnreachable(error)) return engineUnavailableError(error);
  const status = (error as DockerodeError)?.statusCode;
  const message = engineMessage(error);
  const what = `${subject.kind} ${subject.name}`;
  switch (status) {
    case 400:
      return new AppError(`bad_request:${subject.kind}`, `Docker rejected ${subject.action} of ${what}: ${message}`, { cause: error });
    case 401:
    case 403:
      return new AppError(`forbidden:${subject.kind}`, `Docker denied ${subject.action} of ${what}: ${message}`, { cause: error });
    case 404:
      return new AppError(`not_found:${subject.kind}`, `No such ${what}.`, { cause: error });
    case 409:
      return new AppError(`conflict:${subject.kind}`, `Cannot ${subject.action} ${what}: ${message}`, { cause: error });
    default:
      return new AppError(`upstream:${subject.kind}`, `${engineWords()} failed to ${subject.action} ${what}: ${message}`, { cause: error });
  }
}
