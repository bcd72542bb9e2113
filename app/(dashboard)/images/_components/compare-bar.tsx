"use client";

import Link from "next/link";
import { Button } from "@/app/_components/button";
import { primaryReference } from "@/lib/format/image";
import type { ImageSummary } from "@/lib/images/types";

/** `/images/compare?a=…&b=…` for two images, by the references the list shows. */
export function comparePath(a: ImageSummary, b: ImageSummary): string {
  return `/images/compare?${new URLSearchParams({ a: primaryReference(a), b: primaryReference(b) }).toString()}`;
}

/**
 * The images ticked for a comparison (at most two; a third replaces the first): what is picked,
 * and once there are two, the link to the compare page.
 */
export function CompareBar({ picked, onClear }: { picked: readonly ImageSummary[]; onClear: () => void }) {
  if (picked.length === 0) return null;
  const [first, second] = picked;
  return (
    <div
      data-testid="compare-bar"
      role="status"
      className="flex flex-wrap items-center gap-3 border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950"
    >
      <span className="min-w-0">
        Compare <span className="font-mono font-semibold break-all">{primaryReference(first!)}</span>
        {second ? (
          <>
            {" "}
            with <span className="font-mono font-semibold break-all">{primaryReference(second)}</span>
          </>
        ) : (
          <span className="text-sky-800"> with… tick a second image</span>
        )}
      </span>
      <span className="ml-auto flex gap-2">
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear
        </Button>
        {second ? (
          <Link
            href={comparePath(first!, second)}
            data-testid="compare-link"
            className="inline-flex items-center rounded-md bg-sky-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-sky-700"
          >
            Compare files
          </Link>
        ) : null}
      </span>
    </div>
  );
}
