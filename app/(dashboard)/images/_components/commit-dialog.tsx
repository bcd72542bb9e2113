"use client";

import { Controller, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, Field, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, type CommitContainerInput } from "@/app/_lib/api-client";
import { optionalText, problemOf, splitLines, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerCommitCommand } from "@/lib/cli/command";
import type { ContainerSummary } from "@/lib/containers/types";
import { commitContainerBodySchema } from "@/lib/images/schemas";
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
} from "./transfer-parts";

const fields = commitContainerBodySchema.shape;

/** What the inputs hold, turned into `POST /api/containers/{id}/commit`'s body and checked by it. */
const commitFormSchema = z
  .object({
    ...newReferenceSchema(fields),
    message: optionalText(fields.message),
    author: optionalText(fields.author),
    pause: z.boolean(),
    changes: changesSchema(fields.changes.unwrap()),
  })
  .transform(({ repo, tag, ...rest }): CommitContainerInput => ({ ...newReference({ repo, tag }), ...rest }))
  .pipe(commitContainerBodySchema);

/**
 * `docker commit`: the container's writable layer becomes the top layer of a new image, with
 * optional config changes (-c). Pausing (the CLI's default) keeps a running container's files
 * still while they are copied.
 */
export function CommitDialog({
  container,
  onClose,
}: {
  container: Pick<ContainerSummary, "id" | "name" | "shortId">;
  onClose: () => void;
}) {
  const toast = useToast();
  const name = container.name || container.shortId;
  const form = useZodForm(commitFormSchema, {
    defaultValues: { repo: "", tag: "latest", message: "", author: "", pause: true, changes: "" },
  });
  const values = useWatch({ control: form.control });
  const { errors, isValid } = form.formState;
  const commit = useAction((body: CommitContainerInput) => api.containers.commit(container.id, body), {
    invalidates: ["images"],
    onSuccess: (committed) => toast(`Committed ${name} as ${committed.reference ?? committed.id.slice(7, 19)}`),
  });
  const { running, result, error } = commit;
  const repo = values.repo?.trim() ?? "";
  const tag = values.tag?.trim() ?? "";

  const formId = "commit-container-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Commit container"
      description={
        <>
          Creates an image from <span className="font-mono text-slate-700">{name}</span>: its image&apos;s layers plus one new layer with
          everything the container changed.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {result ? "Close" : "Cancel"}
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!isValid || running}>
            {running ? "Committing…" : result ? "Commit again" : "Commit"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={form.handleSubmit((body) => commit.start(body))}
        // An edit starts over: the last outcome belongs to the old values.
        onChange={commit.reset}
        className="space-y-4"
        noValidate
      >
        <NewReferenceFields
          idPrefix="commit"
          focusFirst
          repo={form.register("repo")}
          tag={form.register("tag")}
          tagDisabled={repo === ""}
          repoProblem={problemOf(errors, "repo")}
          tagProblem={problemOf(errors, "tag")}
          repoHint="Optional; without it the new image is untagged"
          placeholder="team/app"
        />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Message" htmlFor="commit-message" problem={problemOf(errors, "message")} hint="Optional (-m)">
            <input id="commit-message" autoComplete="off" maxLength={1000} className={inputClass()} {...form.register("message")} />
          </Field>
          <Field
            label="Author"
            htmlFor="commit-author"
            problem={problemOf(errors, "author")}
            hint='Optional (-a), e.g. "Jane <jane@example.com>"'
          >
            <input id="commit-author" autoComplete="off" maxLength={255} className={inputClass()} {...form.register("author")} />
          </Field>
        </div>
        <ChangesField
          id="commit-changes"
          field={form.register("changes")}
          problem={problemOf(errors, "changes")}
          placeholder={'CMD ["cat", "/greeting"]\nENV MODE=production'}
        />
        <Controller
          control={form.control}
          name="pause"
          render={({ field }) => (
            <CheckField
              id="commit-pause"
              checked={field.value}
              onChange={field.onChange}
              label="Pause the container while committing"
              hint={
                <>
                  Keeps a running container&apos;s files from changing mid-copy. Turn off only if the pause would hurt it (
                  <code className="font-mono whitespace-nowrap">-p=false</code>).
                </>
              }
            />
          )}
        />

        <CommandPreview placeholder="Fix the fields above to see the command.">
          {isValid ? (
            <CliCommand
              command={dockerCommitCommand({
                container: name,
                reference: repo ? `${repo}:${tag || "latest"}` : undefined,
                message: values.message?.trim() || undefined,
                author: values.author?.trim() || undefined,
                pause: values.pause ?? true,
                changes: splitLines(values.changes ?? ""),
              })}
              testId="cli-preview"
            />
          ) : null}
        </CommandPreview>

        {result ? (
          <OperationResult title="Image committed" testId="commit-result">
            <ResultFact label="Image">
              <ImageLink reference={result.reference ?? result.id} testId="committed-image-link" />
            </ResultFact>
            <ResultFact label="ID" testId="committed-image-id">
              {result.id}
            </ResultFact>
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} testId="commit-error" /> : null}
      </form>
    </Dialog>
  );
}
