"use client";

import { useEffect, useState } from "react";
import useSWR from "swr";
import { api, withEngine, type ApiError } from "@/app/_lib/api-client";
import type { CleanupCount, CleanupPlanRequest } from "@/lib/cleanup/types";

/** What one rule alone (with the keep rules) would remove: removable items, blocked ones, true bytes. */
export type RuleCount = CleanupCount;

// Typing a number of days must not plan once per keystroke.
const SETTLE_MS = 500;

function useSettled<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * Each rule's count and bytes, each as if it were the only rule (keep rules applied): the planner
 * on the server answers them (`POST /api/cleanup/counts`, nothing stored), so the bytes are the
 * true reclaimable bytes by chain ID, not a sum of image sizes. Asked again 0.5 s after the rules
 * settle and after a run.
 *
 * @example const { data } = useCleanupRuleCounts({ dangling: { rules: { dangling: true } } }); data?.dangling.count
 */
export function useCleanupRuleCounts<K extends string>(requests: Partial<Record<K, CleanupPlanRequest>>) {
  const settled = useSettled(JSON.stringify(requests));
  return useSWR<Partial<Record<K, RuleCount>>, ApiError>(
    // Under /api/cleanup, so a run (which revalidates the "cleanup" scope) counts again.
    `${withEngine("/api/cleanup/counts")}#${settled}`,
    async () =>
      (await api.cleanup.counts(JSON.parse(settled) as Record<string, CleanupPlanRequest>)).counts as Partial<Record<K, RuleCount>>,
    // Not polled: the rules changing, or a run, asks again.
    { keepPreviousData: true, revalidateOnFocus: false },
  );
}
