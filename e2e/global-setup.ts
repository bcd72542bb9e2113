import { mkdir } from "node:fs/promises";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { ADMIN } from "./auth";

/**
 * Signs in once as the admin the server was started with and saves the session cookie where
 * use.storageState points (e2e/.auth/admin.json), so every spec starts signed in. Specs that need
 * another user, or nobody, open their own context.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const { baseURL, storageState } = config.projects[0]?.use ?? {};
  if (!baseURL || typeof storageState !== "string") throw new Error("playwright.config must set use.baseURL and use.storageState (a path)");
  const context = await request.newContext({ baseURL });
  try {
    // A sign-in that carries an Origin must carry this dashboard's (the CSRF check).
    const response = await context.post("/api/auth/login", {
      data: { username: ADMIN.username, password: ADMIN.password },
      headers: { origin: new URL(baseURL).origin },
    });
    if (response.status() !== 200) {
      throw new Error(
        `global setup: signing in as ${ADMIN.username} failed with HTTP ${response.status()}: ${await response.text()}. ` +
          "The server must run with ADMIN_USERNAME / ADMIN_PASSWORD matching E2E_ADMIN in playwright.config.ts.",
      );
    }
    await mkdir(path.dirname(storageState), { recursive: true });
    await context.storageState({ path: storageState });
  } finally {
    await context.dispose();
  }
}
