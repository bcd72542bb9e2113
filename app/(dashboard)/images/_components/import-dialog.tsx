"use client";

import { useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { isImagesKey, requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { errorMessage, isAbort, uploadFile, type UploadProgress } from "@/app/_components/operation";
import { UploadBar } from "@/app/_components/progress";
import { useToast } from "@/app/_components/toast";
import { dockerImportCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { validateChanges } from "@/lib/images/changes";
import { validateRepository, validateTag } from "@/lib/reference/reference";
import { FilePicker } from "./file-picker";
import {
  ChangesField,
  ImageLink,
  NewReferenceFields,
  OperationError,
  OperationResult,
  problemWith,
  ResultFact,
  splitLines,
  UploadDismissButton,
  useMountedRef,
} from "./transfer-parts";

type ImportResult = { id: string; reference: string | null; bytes: number };
type Source = "file" | "url";

const ARCHIVE_ACCEPT = ".tar,.tar.gz,.tgz,.tar.xz,.txz,.gz,.xz,application/x-tar,application/gzip,application/x-xz";

function urlProblem(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? null : "Only http and https URLs can be imported.";
  } catch {
    return "Not a URL; expected e.g. https://example.com/rootfs.tar.gz";
  }
}

/**
 * `docker import`: a root filesystem tarball (uploaded, or fetched by the engine from a URL)
 * becomes a one-layer image. The upload streams from disk with a byte progress bar.
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [source, setSource] = useState<Source>("file");
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState("");
  const [repo, setRepo] = useState("");
  const [tag, setTag] = useState("latest");
  const [message, setMessage] = useState("");
  const [changesText, setChangesText] = useState("");
  const [phase, setPhase] = useState<"edit" | "running" | "done" | "failed">("edit");
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const { mutate } = useSWRConfig();
  const toast = useToast();
  const mounted = useMountedRef();

  const changes = splitLines(changesText);
  const repoProblem = repo === "" ? null : problemWith(validateRepository, repo);
  const tagProblem = repo === "" || tag === "" ? null : problemWith(validateTag, tag);
  const changesProblem = changes.length ? problemWith(() => validateChanges(changes), "") : null;
  const sourceProblem = source === "url" && url !== "" ? urlProblem(url) : null;
  const sourceName = source === "file" ? (file?.name ?? null) : url && !sourceProblem ? url : null;
  const reference = repo && !repoProblem ? `${repo}:${tag || "latest"}` : undefined;
  const valid = sourceName !== null && repoProblem === null && tagProblem === null && changesProblem === null;
  const running = phase === "running";

  const edited = () => {
    if (phase !== "running") {
      setPhase("edit");
      setError(null);
      setResult(null);
      setUpload(null);
    }
  };

  const query = () => {
    const params = new URLSearchParams();
    if (repo) {
      params.set("repo", repo);
      params.set("tag", tag || "latest");
    }
    if (message) params.set("message", message);
    for (const change of changes) params.append("change", change);
    const search = params.toString();
    return `/api/images/import${search ? `?${search}` : ""}`;
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || running) return;
    setPhase("running");
    setError(null);
    setResult(null);
    setUpload(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const imported =
        source === "file" && file
          ? await uploadFile<ImportResult>({ url: query(), file, signal: controller.signal, onProgress: setUpload })
          : await requestJson<ImportResult>(query(), { method: "POST", body: { url } });
      setResult(imported);
      setPhase("done");
      if (!mounted.current) toast(`Imported ${imported.reference ?? imported.id}`);
      void mutate(isImagesKey);
    } catch (caught) {
      if (isAbort(caught)) {
        setPhase("edit");
        setUpload(null);
        return;
      }
      setError(errorMessage(caught));
      setPhase("failed");
      if (!mounted.current) toast(`Import failed: ${errorMessage(caught)}`, "error");
    } finally {
      abort.current = null;
    }
  };

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
            onAbort={() => abort.current?.abort()}
            onClose={onClose}
          />
          <Button variant="primary" type="submit" form={formId} disabled={!valid || running}>
            {running ? "Importing…" : "Import"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
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
              aria-checked={source === value}
              disabled={running}
              onClick={() => {
                setSource(value);
                edited();
              }}
              className={`rounded px-3 py-1 font-medium ${source === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {label}
            </button>
          ))}
        </div>

        {source === "file" ? (
          <FilePicker
            id="import-file"
            label="Archive"
            accept={ARCHIVE_ACCEPT}
            file={file}
            disabled={running}
            hint="A root filesystem as tar, tar.gz or tar.xz; it is streamed to the engine, never held in memory."
            onChange={(picked) => {
              setFile(picked);
              edited();
            }}
          />
        ) : (
          <Field
            label="Archive URL"
            htmlFor="import-url"
            problem={sourceProblem}
            hint="The engine downloads it itself, so the URL must be reachable from the engine."
          >
            <input
              id="import-url"
              type="url"
              autoComplete="off"
              spellCheck={false}
              value={url}
              disabled={running}
              onChange={(event) => {
                setUrl(event.target.value.trim());
                edited();
              }}
              placeholder="https://example.com/rootfs.tar.gz"
              aria-invalid={sourceProblem !== null}
              className={inputClass(sourceProblem !== null, "font-mono")}
            />
          </Field>
        )}

        <NewReferenceFields
          idPrefix="import"
          disabled={running}
          repo={repo}
          tag={tag}
          repoProblem={repoProblem}
          tagProblem={tagProblem}
          onRepoChange={(value) => {
            setRepo(value);
            edited();
          }}
          onTagChange={(value) => {
            setTag(value);
            edited();
          }}
          repoHint="Optional; without it the image is untagged"
          placeholder="team/base"
        />

        <Field label="Message" htmlFor="import-message" hint="Optional; becomes the comment of the image's history step (-m)">
          <input
            id="import-message"
            autoComplete="off"
            value={message}
            maxLength={1000}
            disabled={running}
            onChange={(event) => {
              setMessage(event.target.value);
              edited();
            }}
            className={inputClass()}
          />
        </Field>

        <ChangesField
          id="import-changes"
          disabled={running}
          value={changesText}
          problem={changesProblem}
          onChange={(value) => {
            setChangesText(value);
            edited();
          }}
          placeholder={'CMD ["/bin/sh"]\nENV LANG=C.UTF-8'}
        />

        <CommandPreview
          placeholder={source === "file" ? "Choose an archive to see the command." : "Enter the archive's URL to see the command."}
        >
          {sourceName && valid ? (
            <CliCommand
              command={dockerImportCommand({ source: sourceName, reference, message: message || undefined, changes })}
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
