/**
 * The process a container runs by default, by Docker's rules: with an ENTRYPOINT, CMD becomes its
 * arguments; without one, CMD is the whole command. Shell-form instructions are already stored as
 * `["/bin/sh", "-c", "..."]` in the config, so they combine the same way.
 * (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact)
 *
 * @example combineStartCommand({ entrypoint: ["/bin/sh", "/app/run.sh"], cmd: ["--port", "8080"] })
 * // ["/bin/sh", "/app/run.sh", "--port", "8080"]
 */
export function combineStartCommand({
  entrypoint,
  cmd,
}: {
  entrypoint: readonly string[] | null | undefined;
  cmd: readonly string[] | null | undefined;
}): string[] | null {
  const combined = [...(entrypoint ?? []), ...(cmd ?? [])];
  return combined.length > 0 ? combined : null;
}
