import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { COPY_TABLES, copyDatabase } from "@/lib/database-copy";
import { createDb } from "@/lib/db";
import { migrateDatabase } from "@/scripts/db-migrate";

/** SQLite → PostgreSQL with a row in every table; TEST_POSTGRES_URL_BASE as in database-postgres.integration.test.ts. */
const base = process.env.TEST_POSTGRES_URL_BASE;
// scripts/test.sh starts a private cluster and sets it; without it (a plain `npm run test:integration`) this is skipped.
const skip = base ? false : "TEST_POSTGRES_URL_BASE is not set: scripts/test.sh sets it (sandbox_start_postgres)";

describe("db:copy", { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "db-copy-"));
  const from = `file:${path.join(dir, "dashboard.db")}`;
  const name = `copy_${process.pid}`;
  const to = `${base}/${name}`;

  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: `${base}/postgres` });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  }

  const at = new Date("2026-11-01T10:20:30.456Z");
  const bigBytes = 2n ** 40n + 3n;
  const sealed = "v1.iv.tag.ciphertext-as-it-is";

  before(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    await migrateDatabase(from, { ...process.env, DASHBOARD_DATA_DIR: dir });
    await migrateDatabase(to);
    const db = createDb(from);
    const user = await db.user.create({
      data: { username: "ops", passwordHash: "$argon2id$x", role: "admin", engineId: "e1", createdAt: at },
    });
    await db.session.create({ data: { tokenHash: "s1", userId: user.id, expiresAt: at, revokedAt: at } });
    await db.apiToken.create({ data: { name: "ci", tokenHash: "t1", prefix: "dsh_ab", role: "viewer", createdById: user.id } });
    await db.registry.create({ data: { address: "127.0.0.1:5055", username: "ci", secretSealed: sealed } });
    await db.engine.create({ data: { name: "second", host: "tcp://127.0.0.1:2376", tlsKeySealed: sealed } });
    await db.auditEntry.createMany({
      data: Array.from({ length: 1203 }, (_, i) => ({
        actor: "ops",
        engine: "local",
        action: "image.tag",
        target: `img:${i}`,
        command: "docker tag",
        outcome: "ok",
        createdAt: new Date(at.getTime() + i),
      })),
    });
    await db.cleanupPlan.create({
      data: { createdBy: "ops", request: "{}", items: "[]", reclaimableBytes: bigBytes, sharedBetweenItemsBytes: 0n },
    });
    await db.cleanupPolicy.create({
      data: { name: "nightly", request: "{}", createdBy: "ops", maxBytes: bigBytes, schedule: "0 3 * * *" },
    });
    const build = await db.build.create({
      data: {
        actor: "ops",
        engine: "local",
        outcome: "succeeded",
        source: "typed",
        dockerfilePath: "Dockerfile",
        options: "{}",
        compareKey: "k",
        command: "docker build .",
        serverProcess: "h/1/2",
      },
    });
    await db.buildLogChunk.createMany({
      data: [0, 1].map((seq) => ({ buildId: build.id, seq, bytes: new Uint8Array(Buffer.from(`piece ${seq} \u0000é\n`)) })),
    });
    const layer = await db.analysedLayer.create({ data: { diffId: "sha256:abc", tarBytes: bigBytes, entryCount: 3, contentBytes: 10n } });
    await db.analysedLayerEntry.createMany({
      data: [0, 1, 2].map((position) => ({
        layerId: layer.id,
        position,
        parent: "/",
        name: `f${position}`,
        type: "file",
        size: bigBytes,
        mode: 420,
        // An unsigned 32-bit id above PostgreSQL's signed INTEGER (see rowsForTarget).
        uid: position === 1 ? 4_000_000_000 : 0,
        gid: 0,
      })),
    });
    await db.layerAlias.create({ data: { alias: "v1:abc", diffId: "sha256:abc" } });
    await db.imageAnalysis.create({ data: { imageId: "sha256:img", result: '{"k": 1}' } });
    await db.signInFailure.create({ data: { key: "user:ops" } });
    await db.dashboardInstance.create({
      data: { id: "h/1/2", host: "h", pid: 1, startedAt: new Date(), heartbeatAt: new Date(), address: "http://127.0.0.1:3000" },
    });
    await db.consoleSession.create({ data: { id: "console-1", instanceId: "h/1/2", owner: "ops" } });
    await db.$disconnect();
  });
  after(async () => {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("every table of the schema is copied, in an order that puts parents first", () => {
    const schema = fs.readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((match) => match[1]);
    assert.deepEqual(
      COPY_TABLES.map((table) => table.model).sort(),
      models.sort(),
      "a model db:copy does not copy (lib/database-copy.ts COPY_TABLES)",
    );
    const order = COPY_TABLES.map((table) => table.model as string);
    assert.ok(order.indexOf("User") < order.indexOf("Session") && order.indexOf("AnalysedLayer") < order.indexOf("AnalysedLayerEntry"));
  });

  test("SQLite → PostgreSQL: every row, in batches, values as they were, counts verified", async () => {
    const lines: string[] = [];
    const counts = await copyDatabase({ from, to, log: (line) => lines.push(line) });
    assert.ok(
      counts.every((count) => count.source === count.target && count.source > 0),
      JSON.stringify(counts),
    );
    assert.equal(counts.find((count) => count.table === "AuditEntry")?.target, 1203, "more than one batch");
    assert.ok(lines.includes("AnalysedLayerEntry: 3 rows"));

    const db = createDb(to);
    try {
      const user = await db.user.findUniqueOrThrow({ where: { username: "ops" }, include: { sessions: true, tokens: true } });
      assert.equal(user.createdAt.toISOString(), at.toISOString());
      assert.equal(user.engineId, "e1");
      assert.equal(user.sessions[0]?.revokedAt?.toISOString(), at.toISOString());
      assert.equal(user.tokens[0]?.prefix, "dsh_ab");
      assert.equal((await db.registry.findFirstOrThrow()).secretSealed, sealed, "sealed secrets are copied as they are");
      assert.equal((await db.engine.findFirstOrThrow()).tlsKeySealed, sealed);
      assert.equal((await db.cleanupPolicy.findFirstOrThrow()).maxBytes, bigBytes);
      assert.equal((await db.analysedLayerEntry.findFirstOrThrow({ where: { position: 2 } })).size, bigBytes);
      // Kept as its bits, the way the PostgreSQL layer store reads it back as 4,000,000,000.
      assert.equal((await db.analysedLayerEntry.findFirstOrThrow({ where: { position: 1 } })).uid, 4_000_000_000 | 0);
      assert.equal((await db.imageAnalysis.findFirstOrThrow()).result, '{"k": 1}');
      const pieces = await db.buildLogChunk.findMany({ orderBy: { seq: "asc" } });
      assert.equal(Buffer.concat(pieces.map((piece) => Buffer.from(piece.bytes))).toString(), "piece 0 \u0000é\npiece 1 \u0000é\n");
      // The layer ids were copied as they were: the next one must not collide with them.
      const next = await db.analysedLayer.create({ data: {} });
      assert.ok(next.id > (await db.analysedLayer.findFirstOrThrow({ where: { diffId: "sha256:abc" } })).id);
      await db.analysedLayer.delete({ where: { id: next.id } });
    } finally {
      await db.$disconnect();
    }
  });

  test("the command refuses a target that holds rows, names what it holds, and --force empties it and copies again", () => {
    const run = (...args: string[]) =>
      spawnSync(
        path.join("node_modules", ".bin", "tsx"),
        ["--conditions=react-server", "scripts/db-copy.ts", "--from", from, "--to", to, ...args],
        {
          encoding: "utf8",
          env: { ...process.env, DASHBOARD_DATA_DIR: dir },
        },
      );
    const refused = run();
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /is not empty: User \(1\).*AuditEntry \(1203\).*pass --force/);
    const forced = run("--force");
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /row counts match/);
    assert.match(forced.stdout, /AuditEntry\s+1203/);
    const usage = spawnSync(
      path.join("node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "scripts/db-copy.ts", "--from", from, "--to", "mysql://x/y"],
      {
        encoding: "utf8",
      },
    );
    assert.equal(usage.status, 1);
    assert.match(usage.stderr, /--to must be file:/);
  });
});
