"use client";

import { useState } from "react";

/** A docker CLI line in a terminal-like box, with a copy button. */
export function CliCommand({ command, label, testId }: { command: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access needs a secure context; selecting the text by hand still works.
    }
  };
  return (
    <div className="group flex min-w-0 items-center gap-2 rounded-md bg-slate-900 py-1.5 pr-1.5 pl-3 text-[13px] text-slate-100">
      {label ? <span className="shrink-0 text-[11px] font-medium tracking-wide text-slate-500 uppercase">{label}</span> : null}
      <span className="shrink-0 text-slate-500 select-none" aria-hidden>
        $
      </span>
      <code data-testid={testId} className="min-w-0 flex-1 overflow-x-auto whitespace-pre font-mono">
        {command}
      </code>
      <button
        type="button"
        onClick={copy}
        className="shrink-0 rounded px-2 py-0.5 text-[11px] text-slate-400 hover:bg-slate-700 hover:text-white"
        aria-label={`Copy command: ${command}`}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
