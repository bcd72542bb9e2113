import { z } from "zod";

/** The engine at DOCKER_HOST: always listed, never stored, never removed. */
export const DEFAULT_ENGINE_ID = "default";

/** An engine's id: `default`, or a stored engine's cuid. An unknown one is a 404, not a 400. */
export const engineIdSchema = z.string().trim().min(1, "an engine id is required").max(64);

/**
 * `?engine=<id>` on every engine-scoped route: the engine the request runs on. `lib/http/route.ts`
 * reads it before the route's own query schema; absent means the default engine.
 */
export const engineQuerySchema = z.object({
  engine: engineIdSchema.optional().describe("The engine to run on (`GET /api/engines` lists them); the default engine when absent."),
});

const HOST_FORMS = "unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]";

/** How an engine is reached, checked by shape here and by parseEngineHost (lib/engines/host.ts) in full. */
export const engineHostSchema = z
  .string({ error: "host is required" })
  .trim()
  .min(1, "host is required")
  .max(1024)
  .regex(/^(unix|tcp|ssh):\/\/./, `host must be ${HOST_FORMS}`);

const pem = (what: string, label: RegExp) =>
  z
    .string({ error: `tls.${what} is required` })
    .max(64 * 1024)
    .refine((text) => label.test(text), `tls.${what} must be PEM text (-----BEGIN …-----)`);

/** A `tcp://` engine's TLS material, as PEM text: the CA that signed the engine, and the dashboard's client certificate and key. */
export const engineTlsSchema = z.object({
  ca: pem("ca", /-----BEGIN CERTIFICATE-----/),
  cert: pem("cert", /-----BEGIN CERTIFICATE-----/),
  key: pem("key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/),
});

export const engineNameSchema = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(64, "name is at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "name starts with a letter or digit and has letters, digits, spaces, '.', '_' or '-'")
  .refine((name) => name !== DEFAULT_ENGINE_ID, `"${DEFAULT_ENGINE_ID}" is the engine at DOCKER_HOST`);

/** An ssh private key (OpenSSH or PEM). */
const sshKeySchema = z
  .string()
  .max(64 * 1024)
  .refine((text) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text), "sshKey must be a private key (-----BEGIN … PRIVATE KEY-----)");

// Requests

/**
 * `POST /api/engines`: the engine is pinged before it is saved. `tls` only with `tcp://`; `sshKey`
 * only with `ssh://` (required there), whose host key is read and pinned when it is added.
 */
export const createEngineBodySchema = z
  .object({
    name: engineNameSchema,
    host: engineHostSchema,
    tls: engineTlsSchema.optional(),
    sshKey: sshKeySchema.optional(),
  })
  .superRefine((body, context) => {
    if (body.tls && !body.host.startsWith("tcp://"))
      context.addIssue({ code: "custom", path: ["tls"], message: "tls goes with a tcp:// host" });
    if (body.sshKey && !body.host.startsWith("ssh://"))
      context.addIssue({ code: "custom", path: ["sshKey"], message: "sshKey goes with an ssh:// host" });
    if (!body.sshKey && body.host.startsWith("ssh://"))
      context.addIssue({ code: "custom", path: ["sshKey"], message: "an ssh:// host needs sshKey" });
  });

/**
 * `PATCH /api/engines/{id}`: any of the create fields; `tls: null` drops TLS. A changed host or
 * TLS material is pinged before it is saved, as on create.
 */
export const updateEngineBodySchema = z
  .object({
    name: engineNameSchema.optional(),
    host: engineHostSchema.optional(),
    tls: engineTlsSchema.nullable().optional(),
    sshKey: sshKeySchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), "give at least one of name, host, tls, sshKey");

/** `{id}` in a path. */
export const engineIdParamsSchema = z.object({ id: engineIdSchema });

/** `PUT /api/engines/current`: the engine the signed-in user works on. */
export const setCurrentEngineBodySchema = z.object({ engineId: engineIdSchema });

// Results

export const engineKindSchema = z.enum(["docker", "podman"]);

/** Why an engine is down: `refused`, `tls`, `timeout`, `not-docker`, `authentication`, or `unreachable`. */
export const engineDownReasonSchema = z.enum(["refused", "tls", "timeout", "not-docker", "authentication", "unreachable"]);

/** An engine as every API shows it, with a fresh look at its health: never its TLS key or ssh key. */
export const engineViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  kind: engineKindSchema,
  /** The engine at DOCKER_HOST (not editable here). */
  default: z.boolean(),
  state: z.enum(["up", "down"]),
  /** Why it is down, as a word and as a sentence. */
  reason: engineDownReasonSchema.optional(),
  error: z.string().optional(),
  version: z.string().optional(),
  apiVersion: z.string().optional(),
  os: z.string().optional(),
  storageDriver: z.string().optional(),
  /** Whether TLS material is stored (it is never shown). */
  tls: z.boolean(),
  /** The pinned ssh host key's fingerprint (`SHA256:…`), for ssh:// engines. */
  sshHostKey: z.string().optional(),
  createdAt: z.iso.datetime().optional(),
});

/** `GET /api/engines`: every engine (the default one first), and the one the caller works on. */
export const engineListSchema = z.object({ engines: z.array(engineViewSchema), current: z.string() });

/** `DELETE /api/engines/{id}`. */
export const removedEngineSchema = z.object({ ok: z.literal(true) });

/** `PUT /api/engines/current`. */
export const currentEngineSchema = z.object({ engineId: z.string() });
