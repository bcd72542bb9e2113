import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startPodmanService as startPodman } from "@/lib/testing/podman";

/**
 * Test setup for several engines at once: another private dockerd (scripts/lib/sandbox.sh, so it is
 * started and stopped the way the harness does it), TLS certificates made with openssl, and a
 * private Podman service. Nothing here touches /var/run/docker.sock.
 */

function sandbox(command: string, ...args: string[]): void {
  execFileSync("bash", ["-c", `source scripts/lib/sandbox.sh && ${command} "$@"`, "sandbox", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: process.env,
  });
}

export type PrivateEngine = { dir: string; host: string; stop: () => void };

/**
 * Starts another private dockerd in `dir` (its own socket, data and exec roots); `flags` are extra
 * dockerd flags (a TLS listener). Resolves once it answers.
 *
 * @example const b = startPrivateEngine(dir); … b.stop();
 */
export function startPrivateEngine(dir: string, flags: string[] = []): PrivateEngine {
  sandbox("sandbox_start_engine", dir, ...flags);
  return { dir, host: `unix://${dir}/docker.sock`, stop: () => sandbox("sandbox_stop_engine", dir) };
}

/** `docker save IMAGE` on one engine piped into `docker load` on another (test setup). */
export function copyImageBetweenEngines(image: string, from: string, to: string): void {
  execFileSync("bash", ["-c", 'docker -H "$1" save "$3" | docker -H "$2" load -q', "copy", from, to, image], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export type TlsFiles = {
  ca: string;
  cert: string;
  key: string;
  serverCert: string;
  serverKey: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
};

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate signed by it (what
 * `dockerd --tlsverify` and a Docker client need), made with openssl in `dir`. PEM text for the
 * client side, file names for dockerd's flags.
 */
export function makeTlsCertificates(dir: string, name = "engine"): TlsFiles {
  fs.mkdirSync(dir, { recursive: true });
  const file = (base: string) => path.join(dir, `${name}-${base}`);
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl([
    "req",
    "-x509",
    ...ecKey,
    "-sha256",
    "-days",
    "2",
    "-subj",
    `/CN=${name} test CA`,
    "-keyout",
    file("ca-key.pem"),
    "-out",
    file("ca.pem"),
  ]);
  for (const [who, cn, usage] of [
    ["server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"],
    ["client", "dashboard", "extendedKeyUsage=clientAuth\n"],
  ] as const) {
    fs.writeFileSync(file(`${who}.ext`), usage);
    openssl(["req", ...ecKey, "-subj", `/CN=${cn}`, "-keyout", file(`${who}-key.pem`), "-out", file(`${who}.csr`)]);
    openssl([
      "x509",
      "-req",
      "-in",
      file(`${who}.csr`),
      "-CA",
      file("ca.pem"),
      "-CAkey",
      file("ca-key.pem"),
      "-CAcreateserial",
      "-days",
      "2",
      "-sha256",
      "-extfile",
      file(`${who}.ext`),
      "-out",
      file(`${who}-cert.pem`),
    ]);
  }
  const read = (base: string) => fs.readFileSync(file(base), "utf8");
  return {
    ca: read("ca.pem"),
    cert: read("client-cert.pem"),
    key: read("client-key.pem"),
    serverCert: read("server-cert.pem"),
    serverKey: read("server-key.pem"),
    caFile: file("ca.pem"),
    serverCertFile: file("server-cert.pem"),
    serverKeyFile: file("server-key.pem"),
  };
}

export type PodmanService = { socket: string; host: string; stop: () => void };

/**
 * `podman system service` on a socket in `dir` (lib/testing/podman.ts), with the host to add it by.
 */
export async function startPodmanService(dir: string, timeoutMs = 30_000): Promise<PodmanService> {
  fs.mkdirSync(dir, { recursive: true });
  const service = await startPodman(dir, { timeoutMs });
  return { ...service, host: `unix://${service.socket}` };
}
