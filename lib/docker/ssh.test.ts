import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, test } from "node:test";
import { createSshDocker, pinnedHostKeyFingerprint, SshEngineError, sshConnectionStats, sshFingerprint } from "@/lib/docker/ssh";

// Public keys and the fingerprints `ssh-keygen -lf` printed for them.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEUvT2nKX9+uz6v5PbWzt6W1YC0vRlWW04zxoeouazik unit";
const ED25519_FINGERPRINT = "SHA256:J1u3TvqKWLv29Wdr77LzDdlAPOWyZrEw3SRFTjnRAuo";
const RSA =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDSqS8DUcjeZI7o2ucP+QvCcWfa4H7cgjn1eJi/qGk9DyYbZMURfCSqa+Gor0AsYv+Lc9r3MeayYjwr0tM6piUPvg1DMpTLBczryuPCVcjVlwXPG1hddWNFvaqu+Uzx5o6d83wu7dhueGYP2Ed3l+q254GYbmLwwZNT7zO1L8e8sMHOVSvQlZB46Q0omI8AwxzEyRu0x60coWdSptiCd93F1gBrs2yKdTAcNxZK/c+7n7hdJFfYeRKoet2A1vozE+FRglK+Jh1pmzrbVzRdz7VCnH3f/kTLShxpeaHRrnJJCRmkdBMSr6+AjadhZnv+4gyhy+AmD00Vnp7sijvwHOrh unit";
const RSA_FINGERPRINT = "SHA256:gE2gGMwY48p5VdiDkZxjwx8W+hfbrPVAPMrsYVIbBXA";

function rsaPrivateKey(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
}

describe("sshFingerprint", () => {
  test("is SHA-256 of the key blob in unpadded base64, as OpenSSH prints it", () => {
    assert.equal(sshFingerprint(Buffer.from(ED25519.split(" ")[1]!, "base64")), ED25519_FINGERPRINT);
    assert.equal(sshFingerprint(Buffer.from(RSA.split(" ")[1]!, "base64")), RSA_FINGERPRINT);
  });
});

describe("pinnedHostKeyFingerprint", () => {
  test("accepts a known_hosts/.pub line, the bare base64 key, or the fingerprint itself", () => {
    assert.equal(pinnedHostKeyFingerprint(ED25519), ED25519_FINGERPRINT);
    assert.equal(pinnedHostKeyFingerprint(ED25519.split(" ").slice(0, 2).join(" ")), ED25519_FINGERPRINT);
    assert.equal(pinnedHostKeyFingerprint(ED25519.split(" ")[1]!), ED25519_FINGERPRINT);
    assert.equal(pinnedHostKeyFingerprint(`  ${RSA_FINGERPRINT}\n`), RSA_FINGERPRINT);
    assert.equal(pinnedHostKeyFingerprint(RSA), RSA_FINGERPRINT);
  });

  test("refuses what is not a public key, with a message saying what is expected", () => {
    for (const bad of ["", "not a key", "ssh-ed25519 bm90IGEga2V5", "-----BEGIN OPENSSH PRIVATE KEY-----"]) {
      assert.throws(
        () => pinnedHostKeyFingerprint(bad),
        (error: unknown) => error instanceof SshEngineError && error.code === "ESSHKEY" && /not an SSH public key/.test(error.message),
        JSON.stringify(bad),
      );
    }
  });
});

describe("createSshDocker", () => {
  test("refuses an unreadable private key at once, naming user and host", () => {
    assert.throws(
      () =>
        createSshDocker({ host: "build-1.example", port: 2222, username: "ops", privateKey: "-----BEGIN NOTHING-----", hostKey: ED25519 }),
      (error: unknown) =>
        error instanceof SshEngineError &&
        error.code === "ESSHKEY" &&
        error.message.startsWith("the ssh private key for ops@build-1.example:2222 cannot be read"),
    );
  });

  test("refuses a pinned host key that is not one", () => {
    assert.throws(
      () => createSshDocker({ host: "build-1.example", username: "ops", privateKey: rsaPrivateKey(), hostKey: "fingerprint please" }),
      (error: unknown) => error instanceof SshEngineError && error.code === "ESSHKEY",
    );
  });

  test("connects nothing until the first request", () => {
    const docker = createSshDocker({ host: "build-1.example", username: "ops", privateKey: rsaPrivateKey(), hostKey: ED25519_FINGERPRINT });
    assert.deepEqual(sshConnectionStats(docker), { connections: 0, openConnections: 0, channels: 0, openChannels: 0 });
  });

  test("a host that refuses the connection: an ECONNREFUSED error naming host and port", async () => {
    // Port 1 on loopback: nothing listens there and the kernel refuses at once.
    const docker = createSshDocker({
      host: "127.0.0.1",
      port: 1,
      username: "ops",
      privateKey: rsaPrivateKey(),
      hostKey: ED25519_FINGERPRINT,
    });
    await assert.rejects(
      docker.ping(),
      (error: unknown) =>
        error instanceof SshEngineError &&
        error.code === "ECONNREFUSED" &&
        error.message === "ssh connection to 127.0.0.1:1 failed: the connection was refused (is sshd running?)",
    );
    assert.equal(sshConnectionStats(docker)?.openConnections, 0, "the failed connection is not kept");
  });
});
