import "server-only";
import { hash, verify } from "@node-rs/argon2";

// The password policy is passwordSchema in ./schemas.ts, which the browser can import; this file cannot.
// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's minimum recommendation).
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification takes, so an unknown username answers as slowly as a known
 * one with a wrong password (the answer must not reveal which usernames exist).
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("an unused password that nobody has");
  await verifyPassword(await dummyHash, password);
  return false;
}
