"use client";

import { useCallback } from "react";
import { useSWRConfig } from "swr";
import { isKeyIn, type ApiScope } from "@/app/_lib/api-client";

/**
 * Revalidates every SWR key of the given scopes, after a mutation made them stale.
 *
 * @example const revalidate = useRevalidate(); revalidate("images", "containers")
 */
export function useRevalidate(): (...scopes: readonly ApiScope[]) => void {
  const { mutate } = useSWRConfig();
  return useCallback(
    (...scopes: readonly ApiScope[]) => {
      // A filter with no data only revalidates what matches; cached data stays until the answer.
      if (scopes.length) void mutate((key) => scopes.some((scope) => isKeyIn(scope, key)));
    },
    [mutate],
  );
}
