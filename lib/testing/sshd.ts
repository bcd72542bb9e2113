import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitForPort } from "@/lib/testing/server";

/**
 * Test setup only: a private OpenSSH server on 127.0.0.1 in front of a private engine, so the ssh
 * transport is tested the way the docker CLI reaches a remote host (`ssh HOST docker system
 * dial-stdio`). Its host key, config, authorized keys and pid file live in a temp dir; it never
 * touches /etc/ssh or port 22. Keys come from `ssh-keygen`; the dashboard itself never shells out.
 */

/** A key pair made with ssh-keygen: the private key in OpenSSH format and the public key line. */
export type SshKeyPair = { privateKey: string; publicKey: string; privateKeyFile: string; publicKeyFile: string };

export type PrivateSshd = {
  host: string;
  port: number;
  /** The user the test key logs in as (whoever runs the tests). */
  username: string;
  /** The authorized client key. */
  clientKey: SshKeyPair;
  /** The host key sshd presents. */
  hostKey: SshKeyPair;
  dir: string;
  /** sshd's own log (-e), for failure messages. */
  output: () => string;
  /** Ends every open SSH connection (their per-connection sshd processes); the listener stays. */
  dropConnections: () => Promise<void>;
  /** Ends the open connections and the listener. */
  stop: () => Promise<void>;
};

export type SshdOptions = {
  /** DOCKER_HOST of the session, so that the remote `docker system dial-stdio` reaches this engine. */
  dockerHost: string;
  /** Reuse a client key (to restart sshd on the same port with another host key). */
  clientKey?: SshKeyPair;
  /** Reuse a host key; a fresh one is made otherwise. */
  hostKey?: SshKeyPair;
  port?: number;
  /** sshd_config MaxSessions: channels one connection may have open at once (OpenSSH's default: 10). */
  maxSessions?: number;
};

let keyDir: string | null = null;

function sshTestDir(): string {
  if (!keyDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sshd-test-"));
    keyDir = dir;
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return keyDir;
}

/** `ssh-keygen -t TYPE` into the test dir: a fresh key pair each call. */
export function makeSshKey(name: string, type: "ed25519" | "ecdsa" | "rsa" = "ed25519"): SshKeyPair {
  const dir = fs.mkdtempSync(path.join(sshTestDir(), `${name}-`));
  const privateKeyFile = path.join(dir, `id_${type}`);
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", name, "-f", privateKeyFile], { stdio: "pipe" });
  return {
    privateKey: fs.readFileSync(privateKeyFile, "utf8"),
    publicKey: fs.readFileSync(`${privateKeyFile}.pub`, "utf8").trim(),
    privateKeyFile,
    publicKeyFile: `${privateKeyFile}.pub`,
  };
}

/** The fingerprint OpenSSH prints for a public key file (`ssh-keygen -lf`): "SHA256:…". */
export function sshKeygenFingerprint(publicKeyFile: string): string {
  const line = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", publicKeyFile], { encoding: "utf8" });
  const fingerprint = line.split(" ")[1];
  if (!fingerprint?.startsWith("SHA256:")) throw new Error(`unexpected ssh-keygen -lf output: ${line}`);
  return fingerprint;
}

function sshdBinary(): string {
  for (const candidate of ["/usr/sbin/sshd", "/usr/local/sbin/sshd"]) if (fs.existsSync(candidate)) return candidate;
  throw new Error("sshd is not installed (Debian package openssh-server; scripts/lib/sandbox.sh installs it)");
}

/** Every process below `root` (sshd forks a monitor and a session process per connection), from /proc. */
function descendantPids(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent PID; the command name (field 2) may hold spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended while the list was read
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** True while a process runs (a zombie does not: this sandbox's init may never reap it). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function waitUntilGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (pids.some(isRunning) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts `sshd -D -e` on 127.0.0.1 (a free port unless given) with its own host key and config.
 * Sessions get DOCKER_HOST through `SetEnv`, so `ssh -p PORT USER@127.0.0.1 docker version` answers
 * with the private engine.
 */
export async function startSshd(options: SshdOptions): Promise<PrivateSshd> {
  const binary = sshdBinary();
  // sshd refuses to start without its privilege separation directory (compiled in as /run/sshd).
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const dir = fs.mkdtempSync(path.join(sshTestDir(), "sshd-"));
  const clientKey = options.clientKey ?? makeSshKey("client");
  const hostKey = options.hostKey ?? makeSshKey("host");
  const port = options.port ?? (await freePort());
  const username = os.userInfo().username;
  fs.writeFileSync(path.join(dir, "authorized_keys"), `${clientKey.publicKey}\n`, { mode: 0o600 });
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKey.privateKeyFile}`,
    `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
    `PidFile ${path.join(dir, "sshd.pid")}`,
    // The temp dir is not root-owned all the way up, which StrictModes would refuse.
    "StrictModes no",
    "UsePAM no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitRootLogin prohibit-password",
    `MaxSessions ${options.maxSessions ?? 10}`,
    `SetEnv DOCKER_HOST=${options.dockerHost}`,
    "LogLevel VERBOSE",
  ];
  const configFile = path.join(dir, "sshd_config");
  fs.writeFileSync(configFile, `${config.join("\n")}\n`);
  let log = "";
  const child = spawn(binary, ["-D", "-e", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  const dropConnections = async () => {
    if (child.pid === undefined) return;
    const sessions = descendantPids(child.pid);
    for (const pid of sessions) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await waitUntilGone(sessions);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await dropConnections();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
  process.once("exit", () => child.kill("SIGTERM"));
  try {
    await waitForPort(port, child, () => `sshd: ${output()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: "127.0.0.1", port, username, clientKey, hostKey, dir, output, dropConnections, stop };
}
