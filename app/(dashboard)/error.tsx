"use client";

import { useEffect } from "react";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";

/** Anything a page did not handle itself (503 is handled in the pages): say so and offer a retry. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-2xl space-y-3 py-10">
      <Notice tone="error" title="This page could not be loaded">
        <p>{error.message || "An unexpected error occurred."}</p>
        {error.digest ? <p className="mt-1 font-mono text-xs">digest {error.digest}</p> : null}
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
