"use client";

import { useId, useRef } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, inputClass } from "@/app/_components/field";

/** The most a pasted or chosen PEM file may be (the server refuses more than 64 KiB). */
const MAX_FILE_BYTES = 64 * 1024;

/**
 * A PEM text (a CA, a certificate, a private key): pasted into the box, or read from a chosen file
 * into it, so what is sent is always what the box shows. Read in the browser; nothing is uploaded
 * until the form is sent.
 */
export function KeyField({
  id,
  label,
  hint,
  problem,
  placeholder,
  registration,
  onFile,
}: {
  id: string;
  label: string;
  hint: React.ReactNode;
  problem: string | null;
  placeholder: string;
  registration: UseFormRegisterReturn;
  /** Sets the field's value from the chosen file's text (or says why it could not). */
  onFile: (text: string | null, problem?: string) => void;
}) {
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  return (
    <div className="min-w-0 space-y-1">
      <Field label={label} htmlFor={id} problem={problem} hint={hint}>
        <textarea
          id={id}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          className={inputClass(problem !== null, "font-mono text-xs")}
          {...registration}
        />
      </Field>
      <input
        ref={fileRef}
        id={fileId}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-label={`${label} file`}
        onChange={async (event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (!file) return;
          if (file.size > MAX_FILE_BYTES) return onFile(null, `${file.name} is larger than 64 KiB: not a PEM file.`);
          onFile(await file.text());
        }}
      />
      <button
        type="button"
        onClick={() => fileRef.current?.click()}
        className="rounded-md px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
      >
        Choose {label.toLowerCase()} file…
      </button>
    </div>
  );
}
