import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * AES-256-GCM for secrets at rest (registry passwords and tokens). Each value gets a fresh 96-bit
 * IV; the auth tag makes any change to the stored text fail to open instead of yielding garbage.
 * Stored form: `v1:<iv>:<tag>:<ciphertext>`, each base64.
 *
 * @example
 * const box = createSecretBox(randomBytes(32));
 * box.open(box.seal("hunter2")) // "hunter2"
 */
export function createSecretBox(key: Buffer): { seal: (plaintext: string) => string; open: (sealed: string) => string } {
  if (key.length !== 32) throw new Error(`an AES-256 key is 32 bytes, not ${key.length}`);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
    },
    open(sealed) {
      const [version, iv, tag, ciphertext] = sealed.split(":");
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed secret");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString("utf8");
    },
  };
}

/**
 * Reads a 32-byte key written as 64 hex digits or as base64.
 *
 * @example parseSecretKey("00".repeat(32)).length // 32
 */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new Error("the secret key must be 32 bytes: 64 hex digits or 44 base64 characters");
  return key;
}
