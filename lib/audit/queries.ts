import "server-only";
import { getDb } from "@/lib/db";
import { BadRequestError } from "@/lib/errors";
import type { AuditOutcome, AuditPage, AuditQuery } from "@/lib/audit/types";

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Audit entries newest first, filtered; `nextCursor` fetches the following page.
 *
 * @example await listAuditEntries({ action: "image.remove", outcome: "failed", limit: 20 })
 */
export async function listAuditEntries(query: Partial<AuditQuery>): Promise<AuditPage> {
  const limit = query.limit ?? 50;
  // Prisma answers an unknown cursor with an empty page, which reads as "no more entries".
  if (query.cursor && !(await getDb().auditEntry.findUnique({ where: { id: query.cursor }, select: { id: true } }))) {
    const message = "no audit entry has this ID; use the nextCursor of an earlier page";
    throw new BadRequestError("cursor", `Invalid query: cursor: ${message}`, { details: { fields: [{ path: "cursor", message }] } });
  }
  const rows = await getDb().auditEntry.findMany({
    where: {
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.target ? { target: { contains: query.target } } : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.session ? { sessionId: query.session } : {}),
      // Rows from before there were several engines have no id: they all ran on the default engine.
      ...(query.engineId
        ? query.engineId === "default"
          ? { OR: [{ engineId: "default" }, { engineId: null }] }
          : { engineId: query.engineId }
        : {}),
      ...(query.from || query.to
        ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((row) => ({
      id: row.id,
      time: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      actor: row.actor,
      engine: row.engine,
      engineId: row.engineId ?? "default",
      action: row.action,
      target: row.target,
      params: parseJson(row.params),
      command: row.command,
      outcome: row.outcome as AuditOutcome,
      error: row.error,
      durationMs: row.durationMs,
      result: parseJson(row.result),
      sessionId: row.sessionId,
    })),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** The distinct action names recorded so far, for the audit page's filter. */
export async function listAuditActions(): Promise<string[]> {
  const rows = await getDb().auditEntry.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((row) => row.action);
}

/**
 * When a container was last launched through the dashboard from each image (by image ID), from the
 * `container.run` / `container.create` rows: a use the engine forgets once the container is removed.
 */
export async function lastContainerLaunchByImage(): Promise<Map<string, Date>> {
  const rows = await getDb().auditEntry.findMany({
    where: { action: { in: ["container.run", "container.create"] }, outcome: "succeeded" },
    select: { params: true, createdAt: true },
  });
  const latest = new Map<string, Date>();
  for (const row of rows) {
    const imageId = (parseJson(row.params) as { imageId?: unknown } | null)?.imageId;
    if (typeof imageId !== "string") continue;
    const seen = latest.get(imageId);
    if (!seen || seen < row.createdAt) latest.set(imageId, row.createdAt);
  }
  return latest;
}
