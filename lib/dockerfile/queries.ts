import { lintDockerfile } from "@/lib/dockerfile/lint";
import { MAX_DOCKERFILE_BYTES } from "@/lib/dockerfile/schemas";
import type { LintResult } from "@/lib/dockerfile/types";
import { AppError, BadRequestError } from "@/lib/errors";

function tooLarge(): AppError {
  return new AppError("too_large:body", `A Dockerfile is at most ${MAX_DOCKERFILE_BYTES / 1024} KiB.`);
}

/**
 * Reads a Dockerfile sent as the raw request body, refusing one larger than
 * `MAX_DOCKERFILE_BYTES` (by its Content-Length before reading, by its bytes after) and an empty one.
 */
export async function readDockerfileBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_DOCKERFILE_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_DOCKERFILE_BYTES) throw tooLarge();
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") throw new BadRequestError("dockerfile", "The body is empty: send the Dockerfile's text.");
  return text;
}

/** Lints a Dockerfile's text: `{findings}` sorted by line. */
export function lintDockerfileText(text: string): LintResult {
  return { findings: lintDockerfile(text) };
}
