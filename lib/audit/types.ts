import type { z } from "zod";
import type { AUDIT_OUTCOMES, auditEntrySchema, auditPageSchema, auditQuerySchema } from "@/lib/audit/schemas";

export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
