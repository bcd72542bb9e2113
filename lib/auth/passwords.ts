import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's minimum recommendation).
const ARGON2ID = 2;

export const passwordSchema = z
  .string({ error: "password is required" })
  .min(10, "password must be at least 10 characters")
  .max(256, "password must be at most 256 characters");

export const usernameSchema = z
  .string({ error: "username is required" })
  .trim()
  .min(1, "username is required")
  .max(64, "username must be at most 64 characters")
  .regex(/^[A-Za-z0-9_.@-]+$/, "username may use letters, digits and _ . @ - only");

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
