import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DATABASE_URL_FORMS, databaseKindOf, resolveDatabaseUrl } from "@/lib/database-url";

const dockerHostSchema = z
  .string()
  .trim()
  .refine((value) => /^unix:\/\/\/.+/.test(value) || /^tcp:\/\/[^/:]+(:\d{1,5})?\/?$/.test(value), {
    message: "must be unix:///path/to/docker.sock or tcp://host:port",
  });

const envSchema = z.object({
  DOCKER_HOST: dockerHostSchema.default("unix:///var/run/docker.sock"),
  DOCKER_TLS_VERIFY: z
    .string()
    .optional()
    .transform((value) => value !== undefined && value !== "" && value !== "0"),
  DOCKER_CERT_PATH: z.string().optional(),
  DASHBOARD_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((value) => value === "" || databaseKindOf(value) !== null, { message: `must be ${DATABASE_URL_FORMS}` })
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DASHBOARD_INSTANCE_URL: z
    .string()
    .url("must be this instance's base URL as the other instances reach it, e.g. http://10.0.0.5:3000")
    .optional(),
  ADMIN_USERNAME: z.string().trim().min(1).max(64).optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").max(256).optional(),
  AUTH_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(12 * 60),
  AUTH_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(7 * 24),
  DASHBOARD_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex digits or 44 base64 characters")
    .optional(),
});

export type DashboardEnv = {
  dockerHost: string;
  dockerTlsVerify: boolean;
  dockerCertPath: string | undefined;
  dataDir: string;
  databaseUrl: string;
  port: number;
  host: string;
  /** Where the other instances sharing the database reach this one (console requests relayed to it). */
  instanceUrl: string;
  /** First admin to create when no user exists yet (both or neither). */
  bootstrapAdmin: { username: string; password: string } | null;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Key for secrets at rest; when unset, a key file in the data directory is used. */
  secretKey: string | null;
};

/** Thrown at start when the configuration is unusable; the message lists every bad variable. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/**
 * Reads and validates the configuration from the environment. Empty strings count as unset, the
 * way shells and .env files usually mean them.
 *
 * @example parseEnv({ DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_TLS_VERIFY: "1" }).dockerTlsVerify // true
 */
export function parseEnv(source: Record<string, string | undefined>): DashboardEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  if (env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    throw new ConfigurationError(
      "Invalid configuration:\n  DOCKER_CERT_PATH: required when DOCKER_TLS_VERIFY is set (a folder with ca.pem, cert.pem, key.pem)",
    );
  }
  if ((env.ADMIN_USERNAME === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new ConfigurationError("Invalid configuration:\n  ADMIN_USERNAME and ADMIN_PASSWORD: set both or neither");
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DASHBOARD_DATA_DIR);
  return {
    dockerHost: env.DOCKER_HOST,
    dockerTlsVerify: env.DOCKER_TLS_VERIFY,
    dockerCertPath: env.DOCKER_CERT_PATH,
    dataDir,
    databaseUrl: resolveDatabaseUrl({ DATABASE_URL: env.DATABASE_URL, DASHBOARD_DATA_DIR: dataDir }),
    port: env.PORT,
    host: env.HOST,
    instanceUrl: (env.DASHBOARD_INSTANCE_URL ?? `http://${reachableHost(env.HOST)}:${env.PORT}`).replace(/\/+$/, ""),
    bootstrapAdmin:
      env.ADMIN_USERNAME !== undefined && env.ADMIN_PASSWORD !== undefined
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : null,
    sessionIdleMs: env.AUTH_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.AUTH_SESSION_MAX_HOURS * 3_600_000,
    secretKey: env.DASHBOARD_SECRET_KEY ?? null,
  };
}

/** A listening address as a URL host: every address (0.0.0.0, ::) is reached on loopback; IPv6 in brackets. */
function reachableHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "[::]") return "127.0.0.1";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

let cached: DashboardEnv | undefined;

/** The validated configuration of this process, read once. */
export function getEnv(): DashboardEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Creates the data directory (and its parents) if it does not exist yet, readable by the
 * dashboard's user only: it holds the secret key and, by default, the database. An existing
 * directory is left as it is (it may be a mount whose mode its owner chose).
 *
 * @example ensureDataDir(getEnv().dataDir)
 */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}
