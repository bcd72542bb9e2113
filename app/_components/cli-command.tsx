"use client";

import { clsx } from "clsx";
import { useState } from "react";

/**
 * A docker CLI line in a terminal-like box, with a copy button; `wrap` breaks a long line at
 * spaces instead of scrolling it (a word is split only when it alone is wider than the box).
 */
export function CliCommand({ command, label, testId, wrap = false }: { command: string; label?: string; testId?: string; wrap?: boolean }) {
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
      <code
        data-testid={testId}
        className={clsx("min-w-0 flex-1 font-mono", wrap ? "break-words whitespace-pre-wrap" : "overflow-x-auto whitespace-pre")}
      >
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

/** "Command that will run" and its box, or a dashed placeholder while the form is incomplete. */
export function CommandPreview({ children, placeholder }: { children: React.ReactNode | null; placeholder: string }) {
  return (
    <div>
      <p className="mb-1.5 text-xs font-medium text-slate-500">Command that will run</p>
      {children ?? (
        <div
          data-testid="cli-preview-empty"
          className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-[13px] text-slate-400"
        >
          {placeholder}
        </div>
      )}
    </div>
  );
}
