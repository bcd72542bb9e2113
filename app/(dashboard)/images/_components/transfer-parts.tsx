"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/app/_components/button";
import { Field, inputClass } from "@/app/_components/field";
import { LayerProgressList } from "@/app/_components/progress";
import { grammar, lines, optionalText } from "@/app/_lib/forms";
import { validateChanges } from "@/lib/images/changes";
import { validateRepository, validateTag } from "@/lib/reference/reference";
import { classifyRegistryError, type ProgressState } from "@/lib/progress/docker-progress";
import { imagePath, shortDigest } from "@/lib/format/image";
import { AuthenticationHint } from "./registry-auth";

/**
 * The repository and tag inputs of a new image (import, commit), read with the route's own field
 * schemas and the reference grammar the server applies; both may be left empty.
 */
export function newReferenceSchema(fields: { repo: z.ZodOptional<z.ZodString>; tag: z.ZodOptional<z.ZodString> }) {
  return {
    repo: optionalText(fields.repo.unwrap().superRefine(grammar(validateRepository)).optional()),
    tag: optionalText(fields.tag.unwrap().superRefine(grammar(validateTag)).optional()),
  };
}

/** The `-c` textarea of import and commit: one Dockerfile instruction per line, as the server checks them. */
export function changesSchema(field: z.ZodArray<z.ZodString>) {
  return lines(field.superRefine(grammar(validateChanges)));
}

/** The repository and tag a new image gets: the CLI's `:latest` when only a repository is given. */
export function newReference({ repo, tag }: { repo?: string; tag?: string }): { repo: string; tag: string } | Record<string, never> {
  return repo ? { repo, tag: tag || "latest" } : {};
}

/** Scrolls a dialog's new outcome into view: the form above it can be taller than the dialog. */
function useRevealed<T extends HTMLElement>(): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, []);
  return ref;
}

/** A failed pull or push: the server's sentence, and where to fix credentials when that was it. */
export function OperationError({
  message,
  reference,
  testId = "operation-error",
}: {
  message: string;
  reference?: string;
  testId?: string;
}) {
  const authentication = reference !== undefined && classifyRegistryError(message) === "authentication";
  const ref = useRevealed<HTMLDivElement>();
  return (
    <div
      ref={ref}
      role="alert"
      data-testid={testId}
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm break-words text-red-800"
    >
      <p>{message}</p>
      {authentication ? <AuthenticationHint reference={reference} /> : null}
    </div>
  );
}

/** The green box an operation ends with: a headline and facts, one per row. */
export function OperationResult({
  title,
  children,
  testId = "operation-result",
}: {
  title: React.ReactNode;
  children?: React.ReactNode;
  testId?: string;
}) {
  const ref = useRevealed<HTMLDivElement>();
  return (
    <div
      ref={ref}
      role="status"
      data-testid={testId}
      className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-950"
    >
      <p className="flex items-center gap-1.5 font-semibold">
        <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-emerald-600" aria-hidden>
          <path d="M4 10.5l4 4 8-9" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {title}
      </p>
      {children ? <div className="mt-2 space-y-1 text-xs">{children}</div> : null}
    </div>
  );
}

export function ResultFact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[5.5rem_1fr] gap-2">
      <span className="text-emerald-800/70">{label}</span>
      <span data-testid={testId} className="min-w-0 font-mono break-all">
        {children}
      </span>
    </div>
  );
}

/** A link to an image's detail page, named by reference (or short ID). */
export function ImageLink({ reference, testId }: { reference: string; testId?: string }) {
  const label = /^sha256:[0-9a-f]{64}$/.test(reference) ? shortDigest(reference) : reference;
  return (
    <Link href={imagePath(reference)} data-testid={testId} className="font-mono font-medium text-sky-700 hover:underline">
      {label}
    </Link>
  );
}

/** The engine's status lines without a layer ("Digest: …", "Status: Downloaded newer image …"). */
export function StatusLines({ lines }: { lines: string[] }) {
  const ref = useRevealed<HTMLUListElement>();
  if (lines.length === 0) return null;
  return (
    <ul
      ref={ref}
      data-testid="operation-messages"
      className="space-y-0.5 rounded-md bg-slate-50 px-3 py-2 font-mono text-[11px] break-all text-slate-600"
    >
      {lines.slice(-4).map((line, index) => (
        <li key={`${index}-${line}`}>{line}</li>
      ))}
    </ul>
  );
}

/** Repository and optional tag of a new image (import, commit); the tag waits for a repository. */
export function NewReferenceFields({
  idPrefix,
  repo,
  tag,
  repoProblem,
  tagProblem,
  tagDisabled,
  repoHint,
  placeholder,
  disabled = false,
  focusFirst = false,
}: {
  idPrefix: string;
  /** The registered inputs (`form.register("repo")`). */
  repo: UseFormRegisterReturn;
  tag: UseFormRegisterReturn;
  repoProblem: string | null;
  tagProblem: string | null;
  tagDisabled: boolean;
  repoHint: string;
  placeholder: string;
  disabled?: boolean;
  /** Takes the focus when the dialog opens. */
  focusFirst?: boolean;
}) {
  return (
    <div className="grid grid-cols-[1fr_10rem] gap-3">
      <Field label="Repository" htmlFor={`${idPrefix}-repo`} problem={repoProblem} hint={repoHint}>
        <input
          id={`${idPrefix}-repo`}
          data-autofocus={focusFirst || undefined}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          placeholder={placeholder}
          className={inputClass(repoProblem !== null, "font-mono")}
          {...repo}
        />
      </Field>
      <Field label="Tag" htmlFor={`${idPrefix}-tag`} problem={tagProblem}>
        <input
          id={`${idPrefix}-tag`}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled || tagDisabled}
          className={inputClass(tagProblem !== null, "font-mono disabled:bg-slate-50 disabled:text-slate-400")}
          {...tag}
        />
      </Field>
    </div>
  );
}

/** The `-c` Dockerfile instructions of import and commit, one per line. */
export function ChangesField({
  id,
  field,
  problem,
  placeholder,
  disabled = false,
}: {
  id: string;
  /** The registered textarea (`form.register("changes")`). */
  field: UseFormRegisterReturn;
  problem: string | null;
  placeholder: string;
  disabled?: boolean;
}) {
  return (
    <Field
      label="Changes"
      htmlFor={id}
      problem={problem}
      hint="Optional; one Dockerfile instruction per line (-c): CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR"
    >
      <textarea
        id={id}
        rows={3}
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        className={inputClass(problem !== null, "font-mono text-[13px]")}
        {...field}
      />
    </Field>
  );
}

/** An upload dialog's secondary button: while the file streams it aborts the upload instead of closing. */
export function UploadDismissButton({
  uploading,
  done,
  onAbort,
  onClose,
}: {
  uploading: boolean;
  done: boolean;
  onAbort: () => void;
  onClose: () => void;
}) {
  return uploading ? (
    <Button variant="secondary" onClick={onAbort}>
      Cancel upload
    </Button>
  ) : (
    <Button variant="secondary" onClick={onClose}>
      {done ? "Close" : "Cancel"}
    </Button>
  );
}

/**
 * Per-layer bars and the engine's status lines of a running or finished pull or push. `children`
 * goes between the two, for what only one of them has to say.
 */
export function LayerTransfer({ running, progress, children }: { running: boolean; progress: ProgressState; children?: React.ReactNode }) {
  return (
    <div className="space-y-3">
      {running && progress.layers.length === 0 ? <p className="text-sm text-slate-500">Contacting the registry…</p> : null}
      <LayerProgressList layers={progress.layers} />
      {children}
      <StatusLines lines={progress.messages} />
    </div>
  );
}
