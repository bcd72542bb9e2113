"use client";

import { Controller, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { UploadBar } from "@/app/_components/progress";
import { api } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { dockerLoadCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { FilePicker } from "./file-picker";
import { ImageLink, OperationError, OperationResult, UploadDismissButton } from "./transfer-parts";

/** `POST /api/images/load` takes the archive itself as its body. */
const loadFormSchema = z.object({
  file: z
    .instanceof(File)
    .nullable()
    .refine((file) => file !== null, "Choose an archive."),
});

/**
 * `docker load -i FILE`: the images of a docker-save archive (every layer, config and tag)
 * come back as they were saved. The upload streams from disk with a byte progress bar.
 */
export function LoadDialog({ onClose }: { onClose: () => void }) {
  const form = useZodForm(loadFormSchema, { defaultValues: { file: null } });
  const file = useWatch({ control: form.control, name: "file" });
  const loading = useOperation((context, archive: File) => api.images.load(archive, context), {
    invalidates: ["images"],
    whenHidden: {
      done: (loaded) => `Loaded ${loaded.loaded.join(", ")}`,
      failed: (message) => `Load failed: ${message}`,
    },
  });
  const { phase, running, upload, result, error } = loading;

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
          <UploadDismissButton uploading={running} done={phase === "done"} onAbort={loading.abort} onClose={onClose} />
          <Button variant="primary" type="submit" form={formId} disabled={!file || running}>
            {running ? "Loading…" : "Load"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={form.handleSubmit(({ file: archive }) => archive && loading.start(archive))}
        className="space-y-4"
        noValidate
      >
        <Controller
          control={form.control}
          name="file"
          render={({ field }) => (
            <FilePicker
              id="load-file"
              label="Archive"
              accept=".tar,application/x-tar"
              file={field.value}
              disabled={running}
              hint="A tar written by docker save (or this dashboard's Save). It is streamed to the engine, never held in memory."
              onChange={(picked) => {
                field.onChange(picked);
                loading.reset();
              }}
            />
          )}
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
