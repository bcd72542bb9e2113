import path from "node:path";
import { defineConfig } from "@playwright/test";

// The suite runs against `next start` on the production build, talking to the private engine the
// test harness started (DOCKER_HOST). E2E_BASE_URL points it at an already running server instead.
const port = Number(process.env.E2E_PORT ?? 3211);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
// The first admin, created from the environment on the server's first start.
export const E2E_ADMIN = { username: "admin", password: "admin-password-123" };

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Signs in as the admin once; every test starts with that session (see e2e/global-setup.ts).
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL,
    storageState: path.join(__dirname, "e2e", ".auth", "admin.json"),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on this network.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: "npm start",
        url: `${baseURL}/api/engine`,
        reuseExistingServer: false,
        timeout: 120_000,
        env: {
          PORT: String(port),
          HOST: "127.0.0.1",
          DASHBOARD_DATA_DIR: process.env.E2E_DATA_DIR ?? ".sandbox/e2e-data",
          ADMIN_USERNAME: E2E_ADMIN.username,
          ADMIN_PASSWORD: E2E_ADMIN.password,
        },
      },
});
