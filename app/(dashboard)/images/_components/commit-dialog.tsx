"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { isImagesKey, requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, Field, inputClass } from "@/app/_components/field";
import { errorMessage } from "@/app/_components/operation";
import { useToast } from "@/app/_components/toast";
import { dockerCommitCommand } from "@/lib/cli/command";
import type { ContainerSummary } from "@/lib/containers/types";
import { validateChanges } from "@/lib/images/changes";
import { validateRepository, validateTag } from "@/lib/reference/reference";
import {
  ChangesField,
  ImageLink,
  NewReferenceFields,
  OperationError,
  OperationResult,
  problemWith,
  ResultFact,
  splitLines,
} from "./transfer-parts";

type CommitResult = { id: string; reference: string | null };

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
  const [repo, setRepo] = useState("");
  const [tag, setTag] = useState("latest");
  const [message, setMessage] = useState("");
  const [author, setAuthor] = useState("");
  const [pause, setPause] = useState(true);
  const [changesText, setChangesText] = useState("");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<CommitResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { mutate } = useSWRConfig();
  const toast = useToast();

  const name = container.name || container.shortId;
  const changes = splitLines(changesText);
  const repoProblem = repo === "" ? null : problemWith(validateRepository, repo);
  const tagProblem = repo === "" || tag === "" ? null : problemWith(validateTag, tag);
  const changesProblem = changes.length ? problemWith(() => validateChanges(changes), "") : null;
  const valid = repoProblem === null && tagProblem === null && changesProblem === null;
  const reference = repo ? `${repo}:${tag || "latest"}` : undefined;

  const edited = () => {
    setResult(null);
    setError(null);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    setResult(null);
    try {
      const committed = await requestJson<CommitResult>(`/api/containers/${encodeURIComponent(container.id)}/commit`, {
        method: "POST",
        body: {
          ...(repo ? { repo, tag: tag || "latest" } : {}),
          ...(message ? { message } : {}),
          ...(author ? { author } : {}),
          pause,
          changes,
        },
      });
      setResult(committed);
      toast(`Committed ${name} as ${committed.reference ?? committed.id.slice(7, 19)}`);
      void mutate(isImagesKey);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  };

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
          <Button variant="primary" type="submit" form={formId} disabled={!valid || pending}>
            {pending ? "Committing…" : result ? "Commit again" : "Commit"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <NewReferenceFields
          idPrefix="commit"
          autoFocus
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
          repoHint="Optional; without it the new image is untagged"
          placeholder="team/app"
        />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Message" htmlFor="commit-message" hint="Optional (-m)">
            <input
              id="commit-message"
              autoComplete="off"
              maxLength={1000}
              value={message}
              onChange={(event) => {
                setMessage(event.target.value);
                edited();
              }}
              className={inputClass()}
            />
          </Field>
          <Field label="Author" htmlFor="commit-author" hint='Optional (-a), e.g. "Jane <jane@example.com>"'>
            <input
              id="commit-author"
              autoComplete="off"
              maxLength={255}
              value={author}
              onChange={(event) => {
                setAuthor(event.target.value);
                edited();
              }}
              className={inputClass()}
            />
          </Field>
        </div>
        <ChangesField
          id="commit-changes"
          value={changesText}
          problem={changesProblem}
          onChange={(value) => {
            setChangesText(value);
            edited();
          }}
          placeholder={'CMD ["cat", "/greeting"]\nENV MODE=production'}
        />
        <CheckField
          id="commit-pause"
          checked={pause}
          onChange={(value) => {
            setPause(value);
            edited();
          }}
          label="Pause the container while committing"
          hint={
            <>
              Keeps a running container&apos;s files from changing mid-copy. Turn off only if the pause would hurt it (
              <code className="font-mono whitespace-nowrap">-p=false</code>).
            </>
          }
        />

        <CommandPreview placeholder="Fix the fields above to see the command.">
          {valid ? (
            <CliCommand
              command={dockerCommitCommand({
                container: name,
                reference,
                message: message || undefined,
                author: author || undefined,
                pause,
                changes,
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
