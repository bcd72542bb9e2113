import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createPrivateKey, randomBytes, sign, timingSafeEqual, X509Certificate, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/testing/server";

/**
 * Test setup only: a token server for the Registry v2 bearer-token flow
 * (https://distribution.github.io/distribution/spec/auth/token/) and a registry:2 that trusts it.
 * The key and certificate come from the `openssl` CLI; the dashboard itself never shells out.
 */

/** One `access` entry of a token: what may be done to which resource. */
export type ResourceAccess = { type: string; name: string; actions: string[] };

/** What the token server was asked, as it saw it. */
export type TokenRequest = {
  method: string;
  service: string | null;
  /** Each `scope` query parameter as sent (the spec has the client repeat the parameter). */
  scopes: string[];
  account: string | null;
  /** The Basic user, when the request carried Basic credentials. */
  username: string | null;
  userAgent: string;
  status: number;
  granted: ResourceAccess[];
};

/** An RSA key and the self-signed certificate that carries its public half. */
export type SigningKey = { keyFile: string; certFile: string; privateKey: KeyObject; certificateDer: Buffer };

let workDir: string | null = null;
const signingKeys = new Map<string, SigningKey>();

function tokenWorkDir(): string {
  if (!workDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-server-"));
    workDir = dir;
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return workDir;
}

/**
 * An RSA key + self-signed certificate made with `openssl`, once per run and name (the registry
 * reads the certificate as its `rootcertbundle`). Other names give keys the registry does not
 * trust, for tests of refused tokens.
 */
export function signingKey(name = "token-signer"): SigningKey {
  const cached = signingKeys.get(name);
  if (cached) return cached;
  const dir = tokenWorkDir();
  const keyFile = path.join(dir, `${name}.key.pem`);
  const certFile = path.join(dir, `${name}.cert.pem`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const key: SigningKey = {
    keyFile,
    certFile,
    privateKey: createPrivateKey(fs.readFileSync(keyFile)),
    certificateDer: new X509Certificate(fs.readFileSync(certFile)).raw,
  };
  signingKeys.set(name, key);
  return key;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * An RS256 JWT as distribution's token verifier reads it (registry/auth/token/token.go): the
 * signing key is found through `x5c` (standard base64 DER, leaf first, verified against the
 * rootcertbundle), `iss` must equal the configured issuer and `aud` the service, `exp`/`nbf` are
 * checked with 60 s leeway, and `access` lists {type, name, actions}.
 */
export function signToken({
  key,
  issuer,
  service,
  subject,
  access,
  expiresIn = 300,
  now = Math.floor(Date.now() / 1000),
}: {
  key: SigningKey;
  issuer: string;
  service: string;
  subject: string;
  access: ResourceAccess[];
  expiresIn?: number;
  now?: number;
}): string {
  const header = { alg: "RS256", typ: "JWT", x5c: [key.certificateDer.toString("base64")] };
  const claims = {
    iss: issuer,
    sub: subject,
    aud: service,
    exp: now + expiresIn,
    nbf: now - 1,
    iat: now,
    jti: randomBytes(16).toString("hex"),
    access,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(sign("sha256", Buffer.from(signingInput), key.privateKey))}`;
}

/**
 * One scope as the spec writes it, `type[(class)]:name:action[,action]`; the name may itself hold
 * a colon (a registry host with a port), so the type is up to the first colon and the actions after
 * the last. Anything else (say two scopes run together with a space) is no scope.
 */
export function parseScope(scope: string): ResourceAccess | null {
  const match = /^([a-z0-9]+(?:\([a-z0-9]+\))?):([^\s]+):([a-z*]+(?:,[a-z*]+)*)$/.exec(scope);
  if (!match) return null;
  return { type: match[1]!.replace(/\(.*\)$/, ""), name: match[2]!, actions: [...new Set(match[3]!.split(","))] };
}

function credentialsMatch(header: string | undefined, username: string, password: string): { username: string | null; ok: boolean } {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!match) return { username: null, ok: false };
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  const given = Buffer.from(colon < 0 ? "" : decoded.slice(colon + 1));
  const expected = Buffer.from(password);
  const ok = user === username && given.length === expected.length && timingSafeEqual(given, expected);
  return { username: user, ok };
}

export type TokenServer = {
  /** The `realm` for the registry's configuration: http://127.0.0.1:PORT/token */
  realm: string;
  service: string;
  issuer: string;
  key: SigningKey;
  /** Every request to /token so far, oldest first. */
  requests: TokenRequest[];
  /** A token as the server would issue it, with any claim overridden (for refused-token tests). */
  issueToken: (options: {
    access: ResourceAccess[];
    service?: string;
    issuer?: string;
    subject?: string;
    key?: SigningKey;
    expiresIn?: number;
    now?: number;
  }) => string;
  close: () => Promise<void>;
};

/**
 * Starts a token server on a free 127.0.0.1 port. `GET /token?service=&scope=...` with the right
 * Basic credentials answers `{token, access_token, expires_in, issued_at}` granting every scope
 * asked for (`registry:catalog:*` included); wrong or missing credentials get a 401.
 *
 * @example
 * const tokens = await startTokenServer({ username: "alice", password: "s3cret-pass" });
 * const registry = await startTokenRegistry(tokens);
 */
export async function startTokenServer({
  username,
  password,
  service = "dashboard-test-registry",
  issuer = "dashboard-test-token-server",
  expiresIn = 300,
}: {
  username: string;
  password: string;
  service?: string;
  issuer?: string;
  expiresIn?: number;
}): Promise<TokenServer> {
  const key = signingKey();
  const requests: TokenRequest[] = [];
  const issueToken: TokenServer["issueToken"] = (options) =>
    signToken({
      key: options.key ?? key,
      issuer: options.issuer ?? issuer,
      service: options.service ?? service,
      subject: options.subject ?? username,
      access: options.access,
      expiresIn: options.expiresIn ?? expiresIn,
      now: options.now,
    });

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://token-server");
    if (url.pathname !== "/token") return void response.writeHead(404).end();
    const scopes = url.searchParams.getAll("scope");
    const credentials = credentialsMatch(request.headers.authorization, username, password);
    const record: TokenRequest = {
      method: request.method ?? "GET",
      service: url.searchParams.get("service"),
      scopes,
      account: url.searchParams.get("account"),
      username: credentials.username,
      userAgent: request.headers["user-agent"] ?? "",
      status: 200,
      granted: [],
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    // Docker only POSTs (the OAuth2 form) when it holds a refresh token; this server issues none.
    if (request.method !== "GET") return reply(405, { errors: [{ code: "UNSUPPORTED", message: "use GET" }] }, { allow: "GET" });
    if (!credentials.ok) {
      // The bare registry error, not Docker Hub's {"details": "incorrect username or password"}:
      // with this body the engine (20.10) retries each upload 5 times (~50 s) before it gives
      // up, so the dashboard's own login check before a push or pull is what keeps it fast.
      return reply(
        401,
        { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] },
        { "www-authenticate": 'Basic realm="token-server"' },
      );
    }
    record.granted = scopes.map(parseScope).filter((access): access is ResourceAccess => access !== null);
    const now = Math.floor(Date.now() / 1000);
    const token = issueToken({ access: record.granted, service: record.service ?? service, now });
    reply(200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    key,
    requests,
    issueToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TokenRegistry = {
  /** host:port, as references and saved registries name it */
  address: string;
  /** The registry's own log, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts Debian's registry:2 (`docker-registry serve`) on a free 127.0.0.1 port with
 * `auth: token` pointing at `tokens` and deletes enabled, and waits until /v2/ answers with a
 * Bearer challenge (the htpasswd twin is sandbox_start_registry in scripts/lib/sandbox.sh).
 */
export async function startTokenRegistry(tokens: Pick<TokenServer, "realm" | "service" | "issuer" | "key">): Promise<TokenRegistry> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-registry-"));
  const config = path.join(dir, "config.yml");
  // JSON is YAML: no quoting questions for the paths.
  fs.writeFileSync(
    config,
    JSON.stringify({
      version: 0.1,
      log: { level: "info", accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: path.join(dir, "data") }, delete: { enabled: true } },
      http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex") },
      auth: { token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootcertbundle: tokens.key.certFile } },
    }),
  );
  let log = "";
  const child: ChildProcess = spawn("docker-registry", ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the registry exited early:\n${log}`);
    }
    try {
      const response = await fetch(`${baseUrl}/v2/`);
      if (response.status === 401 && /^Bearer /.test(response.headers.get("www-authenticate") ?? "")) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the registry did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { address: `127.0.0.1:${port}`, output: () => log, stop };
}
