"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { isImagesKey, requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { useToast } from "@/app/_components/toast";
import { dockerTagCommand } from "@/lib/cli/command";
import { validateRepository, validateTag } from "@/lib/reference/reference";

/** The validator's own sentence (it names the bad part), or null when the value is fine. */
function problemWith(validate: (value: string) => string, value: string): string | null {
  try {
    validate(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `docker tag SOURCE REPO:TAG`: validated as the user types with the same grammar the server
 * enforces, and the exact command shown before it runs.
 */
export function TagDialog({ source, onClose }: { source: string; onClose: () => void }) {
  const [repo, setRepo] = useState("");
  const [tag, setTag] = useState("latest");
  const [pending, setPending] = useState(false);
  const [apiError, setApiError] = useState<string | null>(null);
  const { mutate } = useSWRConfig();
  const toast = useToast();

  const repoProblem = repo === "" ? null : problemWith(validateRepository, repo);
  const tagProblem = problemWith(validateTag, tag);
  const valid = repo !== "" && repoProblem === null && tagProblem === null;
  const target = `${repo}:${tag}`;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setApiError(null);
    try {
      const result = await requestJson<{ source: string; target: string }>(`/api/images/${encodeURIComponent(source)}/tag`, {
        method: "POST",
        body: { repo, tag },
      });
      toast(`Tagged ${result.source} as ${result.target}`);
      void mutate(isImagesKey);
      onClose();
    } catch (error) {
      setApiError(error instanceof Error ? error.message : String(error));
      setPending(false);
    }
  };

  const formId = "tag-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      title="Tag image"
      description={
        <>
          Adds a new reference to <span className="font-mono text-slate-700">{source}</span>. The image itself is not copied.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!valid || pending}>
            {pending ? "Tagging…" : "Tag"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <div className="grid grid-cols-[1fr_10rem] gap-3">
          <Field label="Repository" htmlFor="tag-repo" problem={repoProblem} hint="e.g. team/app or localhost:5000/app">
            <input
              id="tag-repo"
              autoFocus
              autoComplete="off"
              spellCheck={false}
              value={repo}
              onChange={(event) => setRepo(event.target.value)}
              aria-invalid={repoProblem !== null}
              aria-describedby={repoProblem ? "tag-repo-problem" : undefined}
              placeholder="team/app"
              className={inputClass(repoProblem !== null)}
            />
          </Field>
          <Field label="Tag" htmlFor="tag-tag" problem={tagProblem}>
            <input
              id="tag-tag"
              autoComplete="off"
              spellCheck={false}
              value={tag}
              onChange={(event) => setTag(event.target.value)}
              aria-invalid={tagProblem !== null}
              aria-describedby={tagProblem ? "tag-tag-problem" : undefined}
              className={inputClass(tagProblem !== null)}
            />
          </Field>
        </div>
        <div>
          <p className="mb-1.5 text-xs font-medium text-slate-500">Command that will run</p>
          {valid ? (
            <CliCommand command={dockerTagCommand({ source, target })} testId="cli-preview" />
          ) : (
            <div
              data-testid="cli-preview-empty"
              className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-[13px] text-slate-400"
            >
              Enter a valid repository and tag to see the command.
            </div>
          )}
        </div>
        {apiError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {apiError}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}

function inputClass(invalid: boolean): string {
  return `block w-full rounded-md border bg-white px-2.5 py-1.5 font-mono text-sm shadow-xs outline-none focus:ring-2 ${
    invalid ? "border-red-400 focus:ring-red-200" : "border-slate-300 focus:border-sky-500 focus:ring-sky-200"
  }`;
}

function Field({
  label,
  htmlFor,
  problem,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  problem: string | null;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
      {problem ? (
        <p id={`${htmlFor}-problem`} role="alert" className="mt-1 text-xs break-words text-red-700">
          {problem}
        </p>
      ) : hint ? (
        <p className="mt-1 text-xs text-slate-400">{hint}</p>
      ) : null}
    </div>
  );
}
