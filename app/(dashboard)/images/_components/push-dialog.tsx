"use client";

import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { api } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { dockerPushCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { imageRefParamsSchema } from "@/lib/images/schemas";
import { RegistryAuthNote } from "./registry-auth";
import { LayerTransfer, OperationError, OperationResult, ResultFact } from "./transfer-parts";

/**
 * `docker push REF` for one of the image's tags, with per-layer bars. The registry is the one the
 * tag names; to push elsewhere, tag the image for that registry first.
 */
export function PushDialog({ tags, defaultReference, onClose }: { tags: string[]; defaultReference: string; onClose: () => void }) {
  // The `{ref}` of `POST /api/images/{ref}/push`.
  const form = useZodForm(imageRefParamsSchema, {
    defaultValues: { ref: tags.includes(defaultReference) ? defaultReference : (tags[0] ?? "") },
  });
  const reference = useWatch({ control: form.control, name: "ref" });
  const push = useOperation((context, ref: string) => api.images.push(ref, context), {
    // The push gave the image a repo digest.
    invalidates: ["images"],
    whenHidden: {
      done: (pushed) => `Pushed ${pushed.reference}`,
      failed: (message, ref) => `Push of ${ref} failed: ${message}`,
    },
  });
  const { phase, running, progress, result, error } = push;

  const formId = "push-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Push image"
      description="Uploads the image's layers and manifest to the registry its tag names. Layers the registry has already are skipped."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {phase === "done" ? "Close" : running ? "Hide" : "Cancel"}
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!form.formState.isValid || running}>
            {running ? "Pushing…" : phase === "idle" ? "Push" : "Push again"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={form.handleSubmit(({ ref }) => push.start(ref))} className="space-y-4" noValidate>
        <Field
          label="Tag to push"
          htmlFor="push-reference"
          hint="To push to another registry, tag the image for it first (e.g. 127.0.0.1:5000/team/app:1)."
        >
          <select
            id="push-reference"
            disabled={running}
            className={inputClass(false, "font-mono")}
            {...form.register("ref", { onChange: push.reset })}
          >
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </Field>
        <RegistryAuthNote reference={reference} />
        <CommandPreview placeholder="">
          <CliCommand command={dockerPushCommand({ reference })} testId="cli-preview" />
        </CommandPreview>

        {phase !== "idle" ? <LayerTransfer running={running} progress={progress} /> : null}

        {result ? (
          <OperationResult title={<>Pushed {result.reference}</>} testId="push-result">
            <ResultFact label="Digest" testId="push-digest">
              {result.digest ?? "—"}
            </ResultFact>
            <ResultFact label="Uploaded" testId="push-bytes">
              {formatBytes(result.bytes)}
              {result.bytes === 0 ? " (the registry had every layer)" : null}
            </ResultFact>
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} reference={push.args?.[0] ?? reference} testId="push-error" /> : null}
      </form>
    </Dialog>
  );
}
