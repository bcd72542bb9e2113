"use client";

import { clsx } from "clsx";
import { useState } from "react";

/** A small "Copy" button for a value shown shortened (an ID, a digest); says "Copied" for a moment. */
export function CopyButton({ value, label, className }: { value: string; label: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access needs a secure context; the full value is still in the tooltip and the details.
    }
  };
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={`Copy ${label}`}
      title={`Copy ${value}`}
      className={clsx(
        "shrink-0 rounded px-1 py-0.5 text-[10px] font-medium text-slate-400 ring-1 ring-slate-200 ring-inset hover:bg-slate-100 hover:text-slate-700",
        className,
      )}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
