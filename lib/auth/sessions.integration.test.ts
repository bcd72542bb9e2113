import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { hashPassword } from "@/lib/auth/passwords";
import { createSession, principalFromSession, revokeSession } from "@/lib/auth/sessions";
import { uniqueName } from "@/lib/testing/docker-cli";

describe("sessions in the audit store", () => {
  let userId: string;
  before(async () => {
    const user = await getDb().user.create({
      data: { username: uniqueName("session"), passwordHash: await hashPassword("session-password-1"), role: "operator" },
    });
    userId = user.id;
  });

  const sessionOf = async (token: string) => {
    const { hashSecret } = await import("@/lib/auth/secrets");
    return getDb().session.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) } });
  };

  test("a fresh session names its user and role; only the token's hash is stored", async () => {
    const { token } = await createSession({ userId });
    const principal = await principalFromSession(token);
    assert.equal(principal?.kind, "user");
    assert.equal(principal?.role, "operator");
    const row = await sessionOf(token);
    assert.notEqual(row.tokenHash, token);
    assert.ok(!JSON.stringify(row).includes(token));
  });

  test("idle past AUTH_SESSION_IDLE_MINUTES: refused", async () => {
    const { token } = await createSession({ userId });
    const row = await sessionOf(token);
    await getDb().session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(Date.now() - getEnv().sessionIdleMs - 1000) } });
    assert.equal(await principalFromSession(token), null);
  });

  test("past the absolute lifetime: refused even if used a moment ago", async () => {
    const { token, expiresAt } = await createSession({ userId });
    assert.ok(Math.abs(expiresAt.getTime() - Date.now() - getEnv().sessionMaxMs) < 5_000);
    const row = await sessionOf(token);
    await getDb().session.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal(await principalFromSession(token), null);
  });

  test("revoked: refused", async () => {
    const { token } = await createSession({ userId });
    const principal = await principalFromSession(token);
    assert.ok(principal?.kind === "user");
    await revokeSession(principal.sessionId);
    assert.equal(await principalFromSession(token), null);
  });

  test("an unknown token: refused", async () => {
    assert.equal(await principalFromSession("s_unknown"), null);
  });
});
