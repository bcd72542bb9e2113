import { createHash, randomBytes } from "node:crypto";

/**
 * A new random secret (256 bits) with a readable prefix, e.g. a session or API token.
 *
 * @example newSecret("dsh_") // "dsh_Jx3…"
 */
export function newSecret(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/**
 * What is stored for a secret: its SHA-256. Secrets are 256-bit random, so a fast hash is enough
 * (there is nothing to brute-force), and lookups stay one indexed query.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
