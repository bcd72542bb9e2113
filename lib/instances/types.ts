import type { z } from "zod";
import type { healthQuerySchema, healthSchema } from "@/lib/instances/schemas";

export type HealthQuery = z.infer<typeof healthQuerySchema>;
export type Health = z.infer<typeof healthSchema>;

/** A dashboard server process as its heartbeat row records it. */
export type DashboardInstanceView = {
  /** host/pid/start time (lib/instances/server-process formatServerProcess). */
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
  heartbeatAt: Date;
  /** Base URL the other instances reach it at; null when unknown. */
  address: string | null;
  goneAt: Date | null;
};
