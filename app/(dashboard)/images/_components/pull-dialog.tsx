"use client";

import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { api } from "@/app/_lib/api-client";
import { grammar, problemOf, text, useZodForm } from "@/app/_lib/forms";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { dockerPullCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { pullImageBodySchema } from "@/lib/images/schemas";
import { familiarString, parseReference } from "@/lib/reference/reference";
import { RegistryAuthNote } from "./registry-auth";
import { ImageLink, LayerTransfer, OperationError, OperationResult, ResultFact } from "./transfer-parts";

/** `POST /api/images/pull`'s body, checked with the reference grammar the action enforces. */
const pullFormSchema = pullImageBodySchema.extend({
  reference: text(pullImageBodySchema.shape.reference.superRefine(grammar(parseReference))),
});

/** The reference the server will pull: the CLI's `:latest` when no tag or digest is given. */
function canonicalReference(input: string): string | null {
  try {
    const parsed = parseReference(input.trim());
    return familiarString(parsed.tag || parsed.digest ? parsed : { ...parsed, tag: "latest" });
  } catch {
    return null;
  }
}

/**
 * `docker pull REF` with live per-layer progress. The pull keeps going if the dialog is closed;
 * a toast then says how it ended.
 */
export function PullDialog({ initialReference = "", onClose }: { initialReference?: string; onClose: () => void }) {
  const form = useZodForm(pullFormSchema, { defaultValues: { reference: initialReference } });
  const reference = useWatch({ control: form.control, name: "reference" });
  const { errors, isValid } = form.formState;
  const pull = useOperation((context, canonical: string) => api.images.pull({ reference: canonical }, context), {
    invalidates: ["images"],
    whenHidden: {
      done: (pulled) => `Pulled ${pulled.reference}`,
      failed: (message, canonical) => `Pull of ${canonical} failed: ${message}`,
    },
  });
  const canonical = isValid ? canonicalReference(reference) : null;
  const { phase, running, progress, result, error } = pull;

  const formId = "pull-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Pull image"
      description="Downloads an image from its registry, with the saved credentials for that registry when there are some."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {phase === "done" ? "Close" : running ? "Hide" : "Cancel"}
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!canonical || running}>
            {running ? "Pulling…" : phase === "idle" ? "Pull" : "Pull again"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={form.handleSubmit(({ reference: pulled }) => pull.start(canonicalReference(pulled) ?? pulled))}
        className="space-y-4"
        noValidate
      >
        <Field
          label="Image reference"
          htmlFor="pull-reference"
          problem={problemOf(errors, "reference")}
          hint="e.g. busybox:1.36 or 127.0.0.1:5000/team/app:1; no tag means :latest"
        >
          <input
            id="pull-reference"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            disabled={running}
            placeholder="busybox:1.36"
            className={inputClass(errors.reference !== undefined, "font-mono")}
            // A new reference starts over: the last run's bars and result belong to the old one.
            {...form.register("reference", { onChange: pull.reset })}
          />
        </Field>
        {canonical ? <RegistryAuthNote reference={canonical} /> : null}
        <CommandPreview placeholder="Enter a valid image reference to see the command.">
          {canonical ? <CliCommand command={dockerPullCommand({ reference: canonical })} testId="cli-preview" /> : null}
        </CommandPreview>

        {phase !== "idle" ? (
          <LayerTransfer running={running} progress={progress}>
            {phase === "done" && progress.layers.length === 0 ? (
              <p className="text-sm text-slate-500">The engine had every layer of this image already: nothing had to be downloaded.</p>
            ) : null}
          </LayerTransfer>
        ) : null}

        {result ? (
          <OperationResult title={<>Pulled {result.reference}</>} testId="pull-result">
            <ResultFact label="Image">
              <ImageLink reference={result.reference} testId="pulled-image-link" />
            </ResultFact>
            <ResultFact label="Digest" testId="pull-digest">
              {result.digest ?? "—"}
            </ResultFact>
            <ResultFact label="Downloaded">{formatBytes(result.bytes)}</ResultFact>
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} reference={pull.args?.[0]} testId="pull-error" /> : null}
      </form>
    </Dialog>
  );
}
