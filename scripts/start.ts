/**
 * `npm start`: validates the configuration, applies the committed migrations of the database
 * DATABASE_URL selects (SQLite or PostgreSQL), then serves the production build on HOST:PORT with
 * the dashboard's own server (scripts/server.mjs: Next.js, with the transfer routes served from
 * Node's request and response). The server does not accept requests before the database is migrated.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigurationError, ensureDataDir, parseEnv, type DashboardEnv } from "../lib/env";
import { redactDatabaseUrl } from "../lib/database-url";
import { browserUrl, nextStepLine } from "../lib/start-banner";
import { migrateDatabase } from "./db-migrate";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let env: DashboardEnv;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (error instanceof ConfigurationError) fail(error.message);
  throw error;
}

// The data directory holds the secret key (and the SQLite file unless DATABASE_URL points elsewhere):
// create it now, mode 0700, so that no request later fails on a missing folder.
try {
  ensureDataDir(env.dataDir);
} catch (error) {
  fail(`Cannot create the data directory ${env.dataDir} (DASHBOARD_DATA_DIR): ${(error as Error).message}`);
}

if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
  fail("No production build found: run `npm run build` first (or `npm run up`, which builds and starts).");
}

const childEnv = {
  ...process.env,
  DATABASE_URL: env.databaseUrl,
  DASHBOARD_DATA_DIR: env.dataDir,
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production" as const,
  // What the `next` command sets for `next start`: Next.js and instrumentation.ts read it (the
  // heartbeat, the scheduler and the transfer routes start only in the Node.js runtime).
  NEXT_RUNTIME: "nodejs",
  HOST: env.host,
  PORT: String(env.port),
};

// SQLite: prisma migrate deploy; PostgreSQL: the committed SQL through pg (scripts/db-migrate.ts).
// The server starts only once that is done.
migrateDatabase(env.databaseUrl, childEnv).then(
  (migrated) => {
    console.log(`database ready: ${migrated}`);
    console.log(`Docker engine: ${env.dockerHost}`);
    serve();
  },
  (error: Error) => fail(`Database migration failed for ${redactDatabaseUrl(env.databaseUrl)}: ${error.message}`),
);

function serve(): void {
  const server = spawn(process.execPath, [path.join(__dirname, "server.mjs")], { env: childEnv, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  let serverExited = false;
  server.on("exit", (code, signal) => {
    serverExited = true;
    process.exit(code ?? (signal ? 1 : 0));
  });
  void printNextStep(() => serverExited);
}

/**
 * Once the server answers, says where to go and what comes first there. `/setup` tells the two
 * apart: it renders while no user exists and redirects to /login after.
 */
async function printNextStep(serverExited: () => boolean): Promise<void> {
  const url = browserUrl(env.host, env.port);
  const deadline = Date.now() + 120_000;
  while (!serverExited() && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/setup`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      console.log(nextStepLine({ url, setupOpen: response.status === 200, adminUsername: env.bootstrapAdmin?.username }));
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  if (!serverExited()) console.log(nextStepLine({ url, setupOpen: null, adminUsername: env.bootstrapAdmin?.username }));
}
