import "server-only";
import { AppError } from "@/lib/errors";
import { getDockerHost } from "@/lib/docker/client";

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
]);

/** What the engine said, without dockerode's "(HTTP code 409) unexpected - " prefix. */
export function engineMessage(error: unknown): string {
  const e = error as DockerodeError;
  if (e?.json && typeof e.json === "object" && typeof e.json.message === "string") return e.json.message;
  if (typeof e?.json === "string" && e.json.trim() !== "") return e.json.trim();
  const message = e instanceof Error ? e.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, "").trim();
}

function unreachableReason(code: string): string {
  switch (code) {
    case "ENOENT":
      return "the socket does not exist (is dockerd running?)";
    case "ECONNREFUSED":
      return "the connection was refused (is dockerd running?)";
    case "EACCES":
      return "permission denied on the socket";
    case "ETIMEDOUT":
      return "the connection timed out";
    default:
      return `connection failed (${code})`;
  }
}

/** True when the engine could not be reached at all (as opposed to answering with an error). */
export function isEngineUnreachable(error: unknown): boolean {
  const e = error as DockerodeError;
  return typeof e?.code === "string" && UNREACHABLE_CODES.has(e.code) && e.statusCode === undefined;
}

/** The 503 every engine-backed route answers while the engine cannot be reached. */
export function engineUnavailableError(error: unknown): AppError {
  const code = (error as DockerodeError)?.code ?? "unknown";
  return new AppError("unavailable:engine", `Docker engine at ${getDockerHost()} is not reachable: ${unreachableReason(code)}.`, {
    cause: error,
    details: { dockerHost: getDockerHost() },
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
      return new AppError(
        `upstream:${subject.kind}`,
        `Docker engine at ${getDockerHost()} failed to ${subject.action} ${what}: ${message}`,
        { cause: error },
      );
  }
}
