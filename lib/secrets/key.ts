import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureDataDir, getEnv } from "@/lib/env";
import { createSecretBox, parseSecretKey } from "@/lib/secrets/secret-box";

const KEY_FILE = "secret.key";

let box: ReturnType<typeof createSecretBox> | undefined;

/**
 * The box that seals secrets at rest. Its key is DASHBOARD_SECRET_KEY, or else a key file in the
 * data directory, created on first use with mode 0600 (readable by the dashboard's user only; the
 * directory too is created, mode 0700, when missing).
 * Losing the key makes stored registry passwords unreadable; they must then be entered again.
 */
export function getSecretBox(): ReturnType<typeof createSecretBox> {
  if (box) return box;
  const env = getEnv();
  let keyText = env.secretKey;
  if (!keyText) {
    const file = path.join(env.dataDir, KEY_FILE);
    // The start script creates the data directory, but with DATABASE_URL elsewhere nothing else
    // needs it before this first write (and `next start` alone skips the start script).
    ensureDataDir(env.dataDir);
    try {
      // "wx": never overwrite a key another process just wrote.
      fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    keyText = fs.readFileSync(file, "utf8");
  }
  box = createSecretBox(parseSecretKey(keyText));
  return box;
}
