import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ConfigurationError, ensureDataDir, parseEnv } from "@/lib/env";

const dataDir = path.join(os.tmpdir(), "dashboard-env-test");

test("defaults: local socket, ./data, SQLite in the data dir, 127.0.0.1:3000", () => {
  const env = parseEnv({ DASHBOARD_DATA_DIR: dataDir });
  assert.equal(env.dockerHost, "unix:///var/run/docker.sock");
  assert.equal(env.databaseUrl, `file:${path.join(dataDir, "dashboard.db")}`);
  assert.equal(env.host, "127.0.0.1");
  assert.equal(env.port, 3000);
  assert.equal(env.dockerTlsVerify, false);
});

test("empty variables count as unset", () => {
  const env = parseEnv({ DASHBOARD_DATA_DIR: dataDir, DOCKER_HOST: "", PORT: "" });
  assert.equal(env.dockerHost, "unix:///var/run/docker.sock");
  assert.equal(env.port, 3000);
});

test("DATABASE_URL wins over the data directory", () => {
  assert.equal(parseEnv({ DATABASE_URL: "file:/srv/audit.db" }).databaseUrl, "file:/srv/audit.db");
});

test("DATABASE_URL selects SQLite (file:) or PostgreSQL; anything else is refused by name", () => {
  assert.equal(parseEnv({ DATABASE_URL: "postgresql://dash:pw@db:5432/dash" }).databaseUrl, "postgresql://dash:pw@db:5432/dash");
  assert.throws(
    () => parseEnv({ DATABASE_URL: "mysql://db/dash", DASHBOARD_DATA_DIR: dataDir }),
    /DATABASE_URL: must be file:.* or postgresql:\/\//,
  );
});

test("bad values are rejected with every problem named", () => {
  assert.throws(
    () => parseEnv({ DOCKER_HOST: "ssh://me@host", PORT: "99999", DASHBOARD_DATA_DIR: dataDir }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /DOCKER_HOST: must be unix:\/\/\/path/);
      assert.match(error.message, /PORT/);
      return true;
    },
  );
});

test("TLS needs a certificate folder", () => {
  assert.throws(() => parseEnv({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DASHBOARD_DATA_DIR: dataDir }), /DOCKER_CERT_PATH/);
  const env = parseEnv({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs", DASHBOARD_DATA_DIR: dataDir });
  assert.equal(env.dockerTlsVerify, true);
});

test("the bootstrap admin needs both variables, and the password is checked", () => {
  assert.throws(() => parseEnv({ ADMIN_USERNAME: "ana", DASHBOARD_DATA_DIR: dataDir }), /set both or neither/);
  assert.throws(() => parseEnv({ ADMIN_USERNAME: "ana", ADMIN_PASSWORD: "short", DASHBOARD_DATA_DIR: dataDir }), /ADMIN_PASSWORD/);
  assert.deepEqual(parseEnv({ ADMIN_USERNAME: "ana", ADMIN_PASSWORD: "long enough pw", DASHBOARD_DATA_DIR: dataDir }).bootstrapAdmin, {
    username: "ana",
    password: "long enough pw",
  });
  assert.equal(parseEnv({ DASHBOARD_DATA_DIR: dataDir }).bootstrapAdmin, null);
});

test("session lifetimes default to 12 h idle and 7 days absolute", () => {
  const env = parseEnv({ DASHBOARD_DATA_DIR: dataDir });
  assert.equal(env.sessionIdleMs, 12 * 3_600_000);
  assert.equal(env.sessionMaxMs, 7 * 24 * 3_600_000);
});

test("ensureDataDir creates a missing data directory (and its parents) with mode 0700, and leaves an existing one alone", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-env-dir-"));
  try {
    const dataDir = path.join(root, "not", "there-yet");
    ensureDataDir(dataDir);
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    ensureDataDir(dataDir);
    fs.chmodSync(root, 0o755);
    ensureDataDir(root);
    assert.equal(fs.statSync(root).mode & 0o777, 0o755);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
