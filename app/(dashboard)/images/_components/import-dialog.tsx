"use client";

import { clsx } from "clsx";
import { Controller, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { UploadBar } from "@/app/_components/progress";
import { api, type ImportImageQuery } from "@/app/_lib/api-client";
import { optionalText, problemOf, splitLines, useZodForm } from "@/app/_lib/forms";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { dockerImportCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { importImageQuerySchema, importImageUrlBodySchema } from "@/lib/images/schemas";
import { FilePicker } from "./file-picker";
import {
  ChangesField,
  changesSchema,
  ImageLink,
  newReference,
  newReferenceSchema,
  NewReferenceFields,
  OperationError,
  OperationResult,
  ResultFact,
  UploadDismissButton,
} from "./transfer-parts";

const ARCHIVE_ACCEPT = ".tar,.tar.gz,.tgz,.tar.xz,.txz,.gz,.xz,application/x-tar,application/gzip,application/x-xz";

function urlProblem(value: string): string | null {
  if (!importImageUrlBodySchema.shape.url.safeParse(value).success) return "The URL is too long.";
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? null : "Only http and https URLs can be imported.";
  } catch {
    return "Not a URL; expected e.g. https://example.com/rootfs.tar.gz";
  }
}

/**
 * The dialog's inputs: the archive (a file, or a URL the engine fetches) and the options of
 * `POST /api/images/import`'s query, read with the route's own field schemas.
 */
const importFormSchema = z
  .object({
    source: z.enum(["file", "url"]),
    file: z.instanceof(File).nullable(),
    url: z.string().trim(),
    ...newReferenceSchema(importImageQuerySchema.shape),
    message: optionalText(importImageQuerySchema.shape.message),
    changes: changesSchema(importImageUrlBodySchema.shape.changes.unwrap()),
  })
  .superRefine((form, context) => {
    if (form.source === "file" && !form.file) context.addIssue({ code: "custom", path: ["file"], message: "Choose an archive." });
    const problem = form.source === "url" ? (form.url ? urlProblem(form.url) : "Enter the archive's URL.") : null;
    if (problem) context.addIssue({ code: "custom", path: ["url"], message: problem });
  });

type ImportForm = z.output<typeof importFormSchema>;

/** The import itself: the file streamed up, or the URL handed to the engine. */
function importFrom(
  { source, file, url, repo, tag, message, changes }: ImportForm,
  context: Parameters<typeof api.images.importArchive>[2],
) {
  const query: ImportImageQuery = { ...newReference({ repo, tag }), message, change: changes };
  return source === "file" && file ? api.images.importArchive(file, query, context) : api.images.importUrl({ url }, query);
}

/**
 * `docker import`: a root filesystem tarball (uploaded, or fetched by the engine from a URL)
 * becomes a one-layer image. The upload streams from disk with a byte progress bar.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const form = useZodForm(importFormSchema, {
    defaultValues: { source: "file", file: null, url: "", repo: "", tag: "latest", message: "", changes: "" },
  });
  const values = useWatch({ control: form.control });
  const { errors, isValid } = form.formState;
  const importing = useOperation((context, input: ImportForm) => importFrom(input, context), {
    invalidates: ["images"],
    whenHidden: {
      done: (imported) => `Imported ${imported.reference ?? imported.id}`,
      failed: (message) => `Import failed: ${message}`,
    },
  });
  const { phase, running, upload, result, error } = importing;

  const source = values.source ?? "file";
  const file = values.file ?? null;
  const url = values.url?.trim() ?? "";
  const repo = values.repo?.trim() ?? "";
  const tag = values.tag?.trim() ?? "";
  const sourceName = source === "file" ? (file?.name ?? null) : url || null;
  const reference = repo && !errors.repo ? `${repo}:${tag || "latest"}` : undefined;

  const formId = "import-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Import image"
      description="Creates a one-layer image from a root filesystem tarball (tar, tar.gz or tar.xz), like docker import."
      footer={
        <>
          <UploadDismissButton
            uploading={running && source === "file"}
            done={phase === "done"}
            onAbort={importing.abort}
            onClose={onClose}
          />
          <Button variant="primary" type="submit" form={formId} disabled={!isValid || running}>
            {running ? "Importing…" : "Import"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={form.handleSubmit((input) => importing.start(input))}
        // An edit starts over: the last outcome belongs to the old values.
        onChange={importing.reset}
        className="space-y-4"
        noValidate
      >
        <Controller
          control={form.control}
          name="source"
          render={({ field }) => (
            <div role="radiogroup" aria-label="Source" className="inline-flex rounded-md bg-slate-100 p-0.5 text-sm">
              {(
                [
                  ["file", "Upload a file"],
                  ["url", "From a URL"],
                ] as const
              ).map(([value, label]) => (
                <button
                  key={value}
                  type="button"
                  role="radio"
                  aria-checked={field.value === value}
                  disabled={running}
                  onClick={() => {
                    field.onChange(value);
                    importing.reset();
                  }}
                  className={clsx(
                    "rounded px-3 py-1 font-medium",
                    field.value === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
                  )}
                >
                  {label}
                </button>
              ))}
            </div>
          )}
        />

        {source === "file" ? (
          <Controller
            control={form.control}
            name="file"
            render={({ field }) => (
              <FilePicker
                id="import-file"
                label="Archive"
                accept={ARCHIVE_ACCEPT}
                file={field.value}
                disabled={running}
                hint="A root filesystem as tar, tar.gz or tar.xz; it is streamed to the engine, never held in memory."
                onChange={(picked) => {
                  field.onChange(picked);
                  importing.reset();
                }}
              />
            )}
          />
        ) : (
          <Field
            label="Archive URL"
            htmlFor="import-url"
            problem={problemOf(errors, "url")}
            hint="The engine downloads it itself, so the URL must be reachable from the engine."
          >
            <input
              id="import-url"
              type="url"
              autoComplete="off"
              spellCheck={false}
              disabled={running}
              placeholder="https://example.com/rootfs.tar.gz"
              className={inputClass(errors.url !== undefined, "font-mono")}
              {...form.register("url")}
            />
          </Field>
        )}

        <NewReferenceFields
          idPrefix="import"
          disabled={running}
          repo={form.register("repo")}
          tag={form.register("tag")}
          tagDisabled={repo === ""}
          repoProblem={problemOf(errors, "repo")}
          tagProblem={problemOf(errors, "tag")}
          repoHint="Optional; without it the image is untagged"
          placeholder="team/base"
        />

        <Field
          label="Message"
          htmlFor="import-message"
          problem={problemOf(errors, "message")}
          hint="Optional; becomes the comment of the image's history step (-m)"
        >
          <input
            id="import-message"
            autoComplete="off"
            maxLength={1000}
            disabled={running}
            className={inputClass(errors.message !== undefined)}
            {...form.register("message")}
          />
        </Field>

        <ChangesField
          id="import-changes"
          disabled={running}
          field={form.register("changes")}
          problem={problemOf(errors, "changes")}
          placeholder={'CMD ["/bin/sh"]\nENV LANG=C.UTF-8'}
        />

        <CommandPreview
          placeholder={source === "file" ? "Choose an archive to see the command." : "Enter the archive's URL to see the command."}
        >
          {sourceName && isValid ? (
            <CliCommand
              command={dockerImportCommand({
                source: sourceName,
                reference,
                message: values.message?.trim() || undefined,
                changes: splitLines(values.changes ?? ""),
              })}
              testId="cli-preview"
            />
          ) : null}
        </CommandPreview>

        {upload && file ? <UploadBar progress={upload} fileName={file.name} waiting={running} /> : null}
        {running && source === "url" ? (
          <p className="text-sm text-slate-500">The engine is downloading and importing the archive…</p>
        ) : null}

        {result ? (
          <OperationResult title="Image imported" testId="import-result">
            <ResultFact label="Image">
              <ImageLink reference={result.reference ?? result.id} testId="imported-image-link" />
            </ResultFact>
            <ResultFact label="ID" testId="imported-image-id">
              {result.id}
            </ResultFact>
            {result.bytes > 0 ? <ResultFact label="Archive">{formatBytes(result.bytes)}</ResultFact> : null}
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} testId="import-error" /> : null}
      </form>
    </Dialog>
  );
}
