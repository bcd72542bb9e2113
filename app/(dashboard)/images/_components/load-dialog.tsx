"use client";

import { useRef, useState } from "react";
import { useSWRConfig } from "swr";
import { isImagesKey } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { errorMessage, isAbort, uploadFile, type UploadProgress } from "@/app/_components/operation";
import { UploadBar } from "@/app/_components/progress";
import { useToast } from "@/app/_components/toast";
import { dockerLoadCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { FilePicker } from "./file-picker";
import { ImageLink, OperationError, OperationResult, UploadDismissButton, useMountedRef } from "./transfer-parts";

type LoadResult = { loaded: string[]; bytes: number };

/**
 * `docker load -i FILE`: the images of a docker-save archive (every layer, config and tag)
 * come back as they were saved. The upload streams from disk with a byte progress bar.
 */
export function LoadDialog({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<"edit" | "running" | "done" | "failed">("edit");
  const [upload, setUpload] = useState<UploadProgress | null>(null);
  const [result, setResult] = useState<LoadResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const { mutate } = useSWRConfig();
  const toast = useToast();
  const mounted = useMountedRef();
  const running = phase === "running";

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file || running) return;
    setPhase("running");
    setError(null);
    setResult(null);
    setUpload(null);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const loaded = await uploadFile<LoadResult>({
        url: "/api/images/load",
        file,
        contentType: "application/x-tar",
        signal: controller.signal,
        onProgress: setUpload,
      });
      setResult(loaded);
      setPhase("done");
      if (!mounted.current) toast(`Loaded ${loaded.loaded.join(", ")}`);
      void mutate(isImagesKey);
    } catch (caught) {
      if (isAbort(caught)) {
        setPhase("edit");
        setUpload(null);
        return;
      }
      setError(errorMessage(caught));
      setPhase("failed");
      if (!mounted.current) toast(`Load failed: ${errorMessage(caught)}`, "error");
    } finally {
      abort.current = null;
    }
  };

  const formId = "load-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Load images"
      description="Restores the images of a docker save archive, with their layers, history and tags."
      footer={
        <>
          <UploadDismissButton uploading={running} done={phase === "done"} onAbort={() => abort.current?.abort()} onClose={onClose} />
          <Button variant="primary" type="submit" form={formId} disabled={!file || running}>
            {running ? "Loading…" : "Load"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <FilePicker
          id="load-file"
          label="Archive"
          accept=".tar,application/x-tar"
          file={file}
          disabled={running}
          hint="A tar written by docker save (or this dashboard's Save). It is streamed to the engine, never held in memory."
          onChange={(picked) => {
            setFile(picked);
            setPhase("edit");
            setError(null);
            setResult(null);
            setUpload(null);
          }}
        />
        <CommandPreview placeholder="Choose an archive to see the command.">
          {file ? <CliCommand command={dockerLoadCommand({ input: file.name })} testId="cli-preview" /> : null}
        </CommandPreview>

        {upload && file ? <UploadBar progress={upload} fileName={file.name} waiting={running} /> : null}

        {result ? (
          <OperationResult
            title={`Loaded ${result.loaded.length} image${result.loaded.length === 1 ? "" : "s"} (${formatBytes(result.bytes)})`}
            testId="load-result"
          >
            <ul className="mt-1.5 space-y-1" aria-label="Loaded images">
              {result.loaded.map((reference) => (
                <li key={reference}>
                  <ImageLink reference={reference} testId="loaded-image-link" />
                </li>
              ))}
            </ul>
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} testId="load-error" /> : null}
      </form>
    </Dialog>
  );
}
