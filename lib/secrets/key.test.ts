import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

// The configuration is read once per process: set it before the module under test reads it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "dashboard-key-test-"));
const dataDir = path.join(root, "data", "not-created-yet");
process.env.DASHBOARD_DATA_DIR = dataDir;
// The database elsewhere: then nothing but the key file needs the data directory.
process.env.DATABASE_URL = `file:${path.join(root, "elsewhere.db")}`;
delete process.env.DASHBOARD_SECRET_KEY;

after(() => fs.rmSync(root, { recursive: true, force: true }));

test("the first secret sealed creates the missing data directory (0700) and its key file (0600)", async () => {
  const { getSecretBox } = await import("@/lib/secrets/key");
  const box = getSecretBox();
  assert.equal(box.open(box.seal("registry password")), "registry password");
  assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.join(dataDir, "secret.key")).mode & 0o777, 0o600);
});
