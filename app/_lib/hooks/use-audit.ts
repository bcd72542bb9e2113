"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError, type AuditListQuery, type AuditPage } from "@/app/_lib/api-client";
import { retrySteadily } from "./swr-options";

/**
 * One page of the audit log, newest first; `nextCursor` is the next page's query.
 *
 * @example const { data } = useAudit({ outcome: "failed", limit: 20 })
 */
export function useAudit(query: AuditListQuery = {}, config?: SWRConfiguration<AuditPage, ApiError>) {
  return useSWR<AuditPage, ApiError>(apiKeys.audit(query), () => api.audit.list(query), { onErrorRetry: retrySteadily, ...config });
}
