import "server-only";
import { createHash } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { Duplex } from "node:stream";
import Docker from "dockerode";
import { Client, utils as sshUtils, type ClientChannel, type ConnectConfig } from "ssh2";

/**
 * Engines reached over SSH, the way the docker CLI reaches `ssh://user@host`: every HTTP request
 * to the Engine API is a `docker system dial-stdio` process on the remote host, whose stdin and
 * stdout are the engine's socket.
 *
 * docker-modem's own `ssh://` support makes a new SSH connection (TCP, key exchange,
 * authentication) for every request. Here one SSH connection per engine stays open and each request
 * is a new exec channel on it, so a request costs one channel round trip and the remote process,
 * not a handshake. The pinned host key is checked on every connect, reconnects included.
 */

/** How to reach an engine over SSH. */
export type SshEngineOptions = {
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** The private key, in OpenSSH or PEM format. */
  privateKey: string | Buffer;
  passphrase?: string;
  /**
   * The host key pinned when the engine was added: `ALGORITHM BASE64` (a known_hosts or .pub
   * line), the bare base64 key, or its fingerprint `SHA256:…`. Any other key is refused.
   */
  hostKey: string;
  /** How long connecting and the SSH handshake may take; default 5000 ms. */
  connectTimeoutMs?: number;
  /**
   * Keep finished dial-stdio channels for later requests (HTTP keep-alive); default true. False
   * opens a channel per request, as the benchmark compares.
   */
  keepChannels?: boolean;
};

/** A host key as read from the server, as `ssh-keyscan` and `ssh-keygen -lf` would show it. */
export type SshHostKey = {
  /** e.g. "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa". */
  algorithm: string;
  /** The public key blob, base64 (the second field of a known_hosts line). */
  key: string;
  /** SHA-256 of the blob, base64 without padding, as OpenSSH prints it: "SHA256:…". */
  fingerprint: string;
};

/**
 * Why an SSH engine could not be reached. `code` follows Node's socket error codes where one fits
 * (ECONNREFUSED, ETIMEDOUT…), so callers that tell "unreachable" from "the engine said no" by code
 * treat these alike.
 */
export type SshEngineErrorCode =
  | "ESSHAUTH"
  | "ESSHHOSTKEY"
  | "ESSHKEY"
  | "ESSHDIAL"
  | "ESSHPROTOCOL"
  | "ETIMEDOUT"
  | "ECONNREFUSED"
  | "ECONNRESET"
  | "EHOSTUNREACH"
  | "ENETUNREACH"
  | "ENOTFOUND"
  | "EAI_AGAIN";

/**
 * An SSH engine could not be reached: refused, timed out, authentication failed, the host key
 * changed, or the remote `docker system dial-stdio` failed. The message names the host.
 *
 * @example
 * if (error instanceof SshEngineError && error.code === "ESSHHOSTKEY") showHostKeyWarning(error.message);
 */
export class SshEngineError extends Error {
  override readonly name = "SshEngineError";
  readonly code: SshEngineErrorCode;
  constructor(message: string, code: SshEngineErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True for errors of the SSH transport (as opposed to an answer of the engine). */
export function isSshEngineError(error: unknown): error is SshEngineError {
  return error instanceof SshEngineError;
}

const DIAL_STDIO_COMMAND = "docker system dial-stdio";
/** OpenSSH's default MaxSessions: channels one connection may have open at once. */
const DEFAULT_CHANNELS_PER_CONNECTION = 10;
/** A connection beyond the first is closed when it has had no channel for this long. */
const EXTRA_CONNECTION_IDLE_MS = 10_000;
/**
 * ssh keepalives: a connection whose peer vanished without closing it (a host gone from the
 * network) is noticed within about 20 s; its channels then fail and the next request reconnects.
 */
const KEEPALIVE_INTERVAL_MS = 5_000;
const KEEPALIVE_COUNT_MAX = 3;

/** "SHA256:…" of a public key blob, exactly as `ssh-keygen -lf` prints it (base64, no padding). */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

/** The algorithm name an SSH public key blob starts with (RFC 4253 §6.6: string, then key data). */
function keyBlobAlgorithm(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return "unknown";
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return "unknown";
  return keyBlob.subarray(4, 4 + length).toString("latin1");
}

/**
 * The fingerprint a pinned host key stands for. Accepts `ALGORITHM BASE64 [comment]`, bare
 * base64, or `SHA256:…`.
 */
export function pinnedHostKeyFingerprint(hostKey: string): string {
  const text = hostKey.trim();
  if (text.startsWith("SHA256:")) return text.replace(/=+$/, "");
  const fields = text.split(/\s+/);
  const base64 = fields.length >= 2 ? fields[1]! : fields[0]!;
  const blob = Buffer.from(base64, "base64");
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64) || blob.length < 8 || keyBlobAlgorithm(blob) === "unknown") {
    throw new SshEngineError(
      `the pinned host key is not an SSH public key ("ALGORITHM BASE64", base64, or SHA256:…): ${text.slice(0, 40)}`,
      "ESSHKEY",
    );
  }
  return sshFingerprint(blob);
}

function hostLabel(host: string, port: number): string {
  const name = host.includes(":") ? `[${host}]` : host;
  return port === 22 ? host : `${name}:${port}`;
}

type SshConnectTarget = { host: string; port: number };

const SOCKET_CODES = new Set<SshEngineErrorCode>([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

type Ssh2Error = Error & { level?: string; code?: string };

/** Turns what ssh2 emitted while connecting into a sentence that names the host. */
function connectError(error: Ssh2Error, target: SshConnectTarget & { username?: string }, timeoutMs: number): SshEngineError {
  const where = hostLabel(target.host, target.port);
  if (error instanceof SshEngineError) return error;
  if (error.level === "client-authentication") {
    return new SshEngineError(
      `ssh authentication as ${target.username ?? "?"} to ${where} failed: the server did not accept the key`,
      "ESSHAUTH",
      { cause: error },
    );
  }
  if (error.level === "client-timeout") {
    return new SshEngineError(`ssh connection to ${where} timed out after ${timeoutMs} ms`, "ETIMEDOUT", { cause: error });
  }
  if (error.code && SOCKET_CODES.has(error.code as SshEngineErrorCode)) {
    const reason = error.code === "ECONNREFUSED" ? "the connection was refused (is sshd running?)" : error.message;
    return new SshEngineError(`ssh connection to ${where} failed: ${reason}`, error.code as SshEngineErrorCode, { cause: error });
  }
  if (error.level === "client-dns") {
    return new SshEngineError(`ssh connection to ${where} failed: ${error.message}`, "ENOTFOUND", { cause: error });
  }
  return new SshEngineError(`ssh connection to ${where} failed: ${error.message}`, "ESSHPROTOCOL", { cause: error });
}

/**
 * Connects to an SSH server far enough to read its host key, then disconnects: no
 * authentication is attempted. What the dashboard shows and pins when an ssh engine is added.
 *
 * @example
 * const { fingerprint } = await readSshHostKey({ host: "build-1.example", port: 22 });
 * // "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", as `ssh-keygen -lf` prints it
 */
export async function readSshHostKey({
  host,
  port = 22,
  timeoutMs = 5000,
}: {
  host: string;
  port?: number;
  timeoutMs?: number;
}): Promise<SshHostKey> {
  return await new Promise<SshHostKey>((resolve, reject) => {
    const client = new Client();
    let seen: SshHostKey | null = null;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      client.end();
      if (seen) resolve(seen);
      else reject(error ?? new SshEngineError(`ssh server at ${hostLabel(host, port)} sent no host key`, "ESSHPROTOCOL"));
    };
    client.on("error", (error: Ssh2Error) => finish(seen ? null : connectError(error, { host, port }, timeoutMs)));
    client.on("close", () => finish(null));
    client.on("ready", () => finish(null));
    client.connect({
      host,
      port,
      // A user name is required by ssh2; none is ever authenticated: the verifier below stops the
      // handshake once the key is known.
      username: "host-key-probe",
      readyTimeout: timeoutMs,
      hostVerifier: (keyBlob: Buffer) => {
        seen = { algorithm: keyBlobAlgorithm(keyBlob), key: keyBlob.toString("base64"), fingerprint: sshFingerprint(keyBlob) };
        // Refusing the key ends the handshake here, before any authentication.
        setImmediate(() => finish(null));
        return false;
      },
    });
  });
}

/**
 * One exec channel running `docker system dial-stdio`, as the socket of one HTTP request.
 * The channel is wrapped rather than handed over, because when the remote command fails (no
 * docker CLI, engine down) OpenSSH sends EOF before the exit status, and Node's HTTP client would
 * report the EOF as a bare "socket hang up": the wrapper holds the end until the exit status is
 * known and fails with the remote command's stderr instead.
 */
class DialStdioSocket extends Duplex {
  private stderr = "";
  private receivedData = false;
  private exitCode: number | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private idleTimeoutMs = 0;

  constructor(
    private readonly channel: ClientChannel,
    private readonly where: string,
  ) {
    super({ allowHalfOpen: true });
    channel.on("data", (chunk: Buffer) => {
      this.receivedData = true;
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on("data", (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString("utf8");
    });
    channel.on("exit", (code: number | null) => {
      this.exitCode = code;
    });
    channel.on("close", () => this.onChannelClose());
    channel.on("error", (error: Error) => this.destroy(error));
  }

  private onChannelClose(): void {
    this.clearIdleTimer();
    if (this.destroyed) return;
    if (this.exitCode !== null && this.exitCode !== 0 && !this.receivedData) {
      const said = this.stderr.trim().split("\n").filter(Boolean).pop() ?? `exit status ${this.exitCode}`;
      this.destroy(new SshEngineError(`\`${DIAL_STDIO_COMMAND}\` on ${this.where} failed: ${said}`, "ESSHDIAL"));
      return;
    }
    // The channel is gone both ways: EOF for the reader, and the writable side ends too, so the
    // socket closes once its data is read (an idle kept channel then leaves the agent's pool
    // instead of taking the next request into a dead channel).
    this.push(null);
    this.end();
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    this.channel.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    // EOF on the remote process's stdin: dial-stdio half-closes the engine connection, as a
    // socket's end() would.
    if (this.channel.writable) this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clearIdleTimer();
    this.channel.close();
    callback(error);
  }

  // The socket methods Node's HTTP client and agent call on the sockets they are given.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleTimeoutMs = ms;
    if (onTimeout) this.once("timeout", onTimeout);
    this.touch();
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  private touch(): void {
    this.clearIdleTimer();
    if (this.idleTimeoutMs > 0) this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleTimeoutMs);
  }
  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** One SSH connection and the channels open on it. */
type SshConnection = {
  client: Client;
  ready: Promise<void>;
  /** Channels open or being opened. */
  channels: number;
  /** How many channels this server lets one connection have (lowered when an open is refused). */
  capacity: number;
  closed: boolean;
  idleTimer: NodeJS.Timeout | null;
};

/** What a client has done so far: for tests and the benchmark. */
export type SshConnectionStats = {
  /** SSH connections made (handshakes), reconnects included. */
  connections: number;
  /** Connections open now. */
  openConnections: number;
  /** dial-stdio channels opened (one per HTTP request). */
  channels: number;
  /** Channels open now. */
  openChannels: number;
};

class SshConnectionPool {
  private readonly connections: SshConnection[] = [];
  private readonly config: ConnectConfig;
  private readonly where: string;
  private readonly expectedFingerprint: string;
  private readonly timeoutMs: number;
  private closedForGood = false;
  readonly stats: SshConnectionStats = { connections: 0, openConnections: 0, channels: 0, openChannels: 0 };

  constructor(private readonly options: SshEngineOptions) {
    const port = options.port ?? 22;
    this.where = hostLabel(options.host, port);
    this.timeoutMs = options.connectTimeoutMs ?? 5000;
    this.expectedFingerprint = pinnedHostKeyFingerprint(options.hostKey);
    const parsed = sshUtils.parseKey(options.privateKey, options.passphrase);
    if (parsed instanceof Error) {
      throw new SshEngineError(`the ssh private key for ${options.username}@${this.where} cannot be read: ${parsed.message}`, "ESSHKEY", {
        cause: parsed,
      });
    }
    if (Array.isArray(parsed) ? parsed.length === 0 : false) {
      throw new SshEngineError(`the ssh private key for ${options.username}@${this.where} holds no key`, "ESSHKEY");
    }
    this.config = {
      host: options.host,
      port,
      username: options.username,
      privateKey: options.privateKey,
      passphrase: options.passphrase,
      readyTimeout: this.timeoutMs,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
    };
  }

  /** Opens a dial-stdio channel on a connection with room, connecting when none has. */
  async openDialStdio(): Promise<DialStdioSocket> {
    let lastError: unknown = null;
    // A refused channel open (the server's MaxSessions) moves on to another connection; a few
    // attempts are enough, since each one lowers the capacity it learnt.
    for (let attempt = 0; attempt < 4; attempt++) {
      const connection = this.connectionWithRoom();
      connection.channels++;
      this.clearIdle(connection);
      try {
        await connection.ready;
        const channel = await this.exec(connection);
        this.stats.channels++;
        this.stats.openChannels++;
        channel.once("close", () => {
          this.stats.openChannels--;
          this.release(connection);
        });
        return new DialStdioSocket(channel, `${this.options.username}@${this.where}`);
      } catch (error) {
        this.release(connection);
        lastError = error;
        if (!(error instanceof ChannelRefusedError)) throw error;
        connection.capacity = Math.max(1, connection.channels);
      }
    }
    throw lastError;
  }

  close(): void {
    this.closedForGood = true;
    for (const connection of [...this.connections]) this.drop(connection);
  }

  private connectionWithRoom(): SshConnection {
    if (this.closedForGood) throw new SshEngineError(`the ssh client for ${this.where} was closed`, "ESSHPROTOCOL");
    const open = this.connections.find((connection) => !connection.closed && connection.channels < connection.capacity);
    return open ?? this.connect();
  }

  private connect(): SshConnection {
    const client = new Client();
    let mismatch: string | null = null;
    const connection: SshConnection = {
      client,
      ready: Promise.resolve(),
      channels: 0,
      capacity: DEFAULT_CHANNELS_PER_CONNECTION,
      closed: false,
      idleTimer: null,
    };
    connection.ready = new Promise<void>((resolve, reject) => {
      let isReady = false;
      client.once("ready", () => {
        isReady = true;
        resolve();
      });
      client.on("error", (error: Ssh2Error) => {
        if (isReady) return; // a live connection's failure surfaces on its channels, then "close"
        const refusal = mismatch
          ? new SshEngineError(`host key of ${this.where} changed: expected ${this.expectedFingerprint}, got ${mismatch}`, "ESSHHOSTKEY")
          : connectError(error, { ...this.options, port: this.options.port ?? 22 }, this.timeoutMs);
        reject(refusal);
      });
      client.on("close", () => {
        if (!isReady) reject(new SshEngineError(`ssh connection to ${this.where} closed during the handshake`, "ECONNRESET"));
        this.drop(connection);
      });
    });
    // A connection that never became ready is not offered again (the next request connects
    // anew); whoever asked for it sees the rejection through `await connection.ready`.
    connection.ready.catch(() => this.drop(connection));
    this.connections.push(connection);
    this.stats.connections++;
    this.stats.openConnections++;
    client.connect({
      ...this.config,
      hostVerifier: (keyBlob: Buffer) => {
        const fingerprint = sshFingerprint(keyBlob);
        if (fingerprint === this.expectedFingerprint) return true;
        mismatch = fingerprint;
        return false;
      },
    });
    return connection;
  }

  private exec(connection: SshConnection): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      try {
        connection.client.exec(DIAL_STDIO_COMMAND, (error, channel) => {
          if (!error) return resolve(channel);
          // OpenSSH answers a channel beyond MaxSessions with an open failure.
          if (/Channel open failure/.test(error.message) && connection.channels > 1) {
            reject(new ChannelRefusedError(error.message));
          } else {
            reject(new SshEngineError(`ssh channel to ${this.where} failed: ${error.message}`, "ECONNRESET", { cause: error }));
          }
        });
      } catch (error) {
        // ssh2 throws synchronously when the connection has already gone.
        this.drop(connection);
        reject(new SshEngineError(`ssh connection to ${this.where} was lost: ${(error as Error).message}`, "ECONNRESET", { cause: error }));
      }
    });
  }

  private release(connection: SshConnection): void {
    connection.channels = Math.max(0, connection.channels - 1);
    if (connection.channels > 0 || connection.closed) return;
    // The first connection stays open: it is what makes the next request cheap.
    if (this.connections[0] === connection) return;
    this.clearIdle(connection);
    connection.idleTimer = setTimeout(() => {
      if (connection.channels === 0) this.drop(connection);
    }, EXTRA_CONNECTION_IDLE_MS);
    connection.idleTimer.unref();
  }

  private clearIdle(connection: SshConnection): void {
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    connection.idleTimer = null;
  }

  private drop(connection: SshConnection): void {
    this.clearIdle(connection);
    if (!connection.closed) {
      connection.closed = true;
      this.stats.openConnections--;
    }
    const index = this.connections.indexOf(connection);
    if (index >= 0) this.connections.splice(index, 1);
    connection.client.end();
  }
}

class ChannelRefusedError extends Error {
  override readonly name = "ChannelRefusedError";
}

/** An idle dial-stdio channel is closed after this long (it holds a remote process and a session). */
const IDLE_CHANNEL_MS = 15_000;
/** At most this many idle channels are kept per engine, well below OpenSSH's MaxSessions. */
const MAX_IDLE_CHANNELS = 4;

const idleTimers = new WeakMap<object, NodeJS.Timeout>();

/**
 * An http.Agent whose connections are dial-stdio channels of the pool. The agent keeps finished
 * channels for the next request (HTTP keep-alive), as the docker CLI does within one command:
 * a new channel costs a session on the remote sshd and a login shell running the docker CLI
 * (measured: 30-40x one request on a kept channel).
 */
class DialStdioAgent extends http.Agent {
  constructor(
    private readonly pool: SshConnectionPool,
    keepChannels: boolean,
  ) {
    super({ keepAlive: keepChannels, maxFreeSockets: MAX_IDLE_CHANNELS });
  }

  override createConnection(
    _options: http.ClientRequestArgs,
    callback?: (error: Error | null, socket: net.Socket) => void,
  ): net.Socket | undefined {
    this.pool.openDialStdio().then(
      (socket) => callback?.(null, socket as unknown as net.Socket),
      (error: Error) => callback?.(error, undefined as unknown as net.Socket),
    );
    return undefined;
  }

  override keepSocketAlive(socket: net.Socket): boolean {
    // Node's agent returns false when the server's keep-alive hint is too short (its types say void).
    if ((super.keepSocketAlive(socket) as unknown as boolean | undefined) === false) return false;
    const timer = setTimeout(() => socket.destroy(), IDLE_CHANNEL_MS);
    timer.unref();
    idleTimers.set(socket, timer);
    return true;
  }

  override reuseSocket(socket: net.Socket, request: http.ClientRequest): void {
    clearTimeout(idleTimers.get(socket));
    idleTimers.delete(socket);
    super.reuseSocket(socket, request);
  }
}

const pools = new WeakMap<Docker, SshConnectionPool>();

/**
 * A dockerode client for an engine reached over SSH (`ssh://username@host:port`). Nothing
 * connects until the first request; the SSH connection then stays open, and a dropped one is
 * made again on the next request, checking the pinned host key again. A host key that differs
 * from `hostKey` fails every request with "host key of HOST changed: expected SHA256:…, got
 * SHA256:…" (an SshEngineError, code ESSHHOSTKEY).
 *
 * @example
 * const docker = createSshDocker({ host: "build-1", port: 22, username: "ops", privateKey, hostKey: pinned.key });
 * await docker.ping();
 */
export function createSshDocker(options: SshEngineOptions): Docker {
  const pool = new SshConnectionPool(options);
  const docker = new Docker({
    protocol: "http",
    // The docker CLI sends "Host: docker" over ssh too; the engine ignores it.
    host: "docker",
    port: 80,
    agent: new DialStdioAgent(pool, options.keepChannels ?? true),
  } as unknown as Docker.DockerOptions);
  pools.set(docker, pool);
  return docker;
}

/** Closes the SSH connections of a client made by createSshDocker (when its engine is changed or removed). */
export function closeSshDocker(docker: Docker): void {
  pools.get(docker)?.close();
}

/** Connection and channel counts of a client made by createSshDocker; null for other clients. */
export function sshConnectionStats(docker: Docker): SshConnectionStats | null {
  const pool = pools.get(docker);
  return pool ? { ...pool.stats } : null;
}
