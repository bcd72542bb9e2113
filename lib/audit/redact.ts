const SECRET_KEY = /pass(word)?|secret|token|auth|credential|key/i;

/**
 * A copy of an action's parameters that is safe to store: any field whose name suggests a secret
 * is replaced, at any depth.
 *
 * @example redactParams({ username: "u", password: "p" }) // { username: "u", password: "<redacted>" }
 */
export function redactParams(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactParams);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        SECRET_KEY.test(key) && inner !== undefined && inner !== null && inner !== "" ? "<redacted>" : redactParams(inner),
      ]),
    );
  }
  return value;
}
