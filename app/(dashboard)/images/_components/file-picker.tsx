"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { formatBytes } from "@/lib/format/bytes";

/**
 * A file input drawn as a drop zone. The File is handed on as is: the upload streams it from
 * disk, so a multi-gigabyte archive never sits in the page's memory.
 */
export function FilePicker({
  id,
  label,
  accept,
  file,
  disabled = false,
  hint,
  onChange,
}: {
  id: string;
  label: string;
  accept: string;
  file: File | null;
  disabled?: boolean;
  hint?: string;
  onChange: (file: File | null) => void;
}) {
  const [over, setOver] = useState(false);
  return (
    <div className="min-w-0">
      <p className="mb-1 block text-xs font-medium text-slate-600" id={`${id}-label`}>
        {label}
      </p>
      <label
        htmlFor={id}
        onDragOver={(event) => {
          if (disabled) return;
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          const dropped = event.dataTransfer.files[0];
          if (!disabled && dropped) onChange(dropped);
        }}
        className={clsx(
          "flex cursor-pointer items-center gap-3 rounded-md border border-dashed px-3 py-3 transition-colors",
          over ? "border-sky-500 bg-sky-50" : "border-slate-300 hover:border-slate-400 hover:bg-slate-50",
          disabled && "pointer-events-none opacity-60",
        )}
      >
        <svg viewBox="0 0 24 24" className="size-7 shrink-0 text-slate-400" aria-hidden>
          <path d="M6 3h8l4 4v14H6z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
          <path
            d="M14 3v4h4M12 11v6M9.5 13.5L12 11l2.5 2.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="min-w-0 flex-1 text-sm">
          {file ? (
            <>
              <span data-testid={`${id}-name`} className="block truncate font-mono font-medium text-slate-800">
                {file.name}
              </span>
              <span className="text-xs text-slate-500">{formatBytes(file.size)} · click or drop to choose another</span>
            </>
          ) : (
            <>
              <span className="font-medium text-sky-700">Choose a file</span> <span className="text-slate-500">or drop it here</span>
            </>
          )}
        </span>
        <input
          id={id}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-labelledby={`${id}-label`}
          className="sr-only"
          onChange={(event) => onChange(event.target.files?.[0] ?? null)}
        />
      </label>
      {hint ? <p className="mt-1 text-xs text-slate-400">{hint}</p> : null}
    </div>
  );
}
