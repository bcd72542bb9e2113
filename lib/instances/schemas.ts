import { z } from "zod";

/** `GET /api/health?engines=1` adds each engine's state (viewer). */
export const healthQuerySchema = z.object({
  engines: z
    .enum(["0", "1", "true", "false"], { message: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true"),
});

/** An engine as GET /api/engines reports it, in short (lib/engines owns the full view; instances import no feature). */
export const healthEngineSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  kind: z.string(),
  state: z.enum(["up", "down"]),
  reason: z.string().optional(),
  error: z.string().optional(),
});

/** The instance's health: `ok` when it can reach its database; `unavailable` (503) names what failed. */
export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  /** Only on 503: the failing part and why. */
  failing: z.literal("database").optional(),
  error: z.string().optional(),
  engines: z.array(healthEngineSchema).optional(),
  /** With engines=1: stored secrets this instance's key cannot open (another instance's DASHBOARD_SECRET_KEY sealed them). */
  secretsSealedWithAnotherKey: z.array(z.string()).optional(),
});
