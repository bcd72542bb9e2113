"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { isImagesKey } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { errorMessage, streamOperation } from "@/app/_components/operation";
import { useToast } from "@/app/_components/toast";
import { dockerPullCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { initialProgress, type ProgressState } from "@/lib/progress/docker-progress";
import { familiarString, parseReference } from "@/lib/reference/reference";
import { RegistryAuthNote } from "./registry-auth";
import { ImageLink, LayerTransfer, OperationError, OperationResult, problemWith, ResultFact, useMountedRef } from "./transfer-parts";

type PullResult = { reference: string; id: string; digest: string | null; bytes: number };

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
  const [reference, setReference] = useState(initialReference);
  const [phase, setPhase] = useState<"edit" | "running" | "done" | "failed">("edit");
  const [progress, setProgress] = useState<ProgressState>(initialProgress);
  const [result, setResult] = useState<PullResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { mutate } = useSWRConfig();
  const toast = useToast();
  const mounted = useMountedRef();

  const trimmed = reference.trim();
  const problem = trimmed === "" ? null : problemWith(parseReference, trimmed);
  const canonical = problem === null && trimmed !== "" ? canonicalReference(trimmed) : null;
  const running = phase === "running";

  const pull = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!canonical || running) return;
    setPhase("running");
    setProgress(initialProgress);
    setResult(null);
    setError(null);
    try {
      const pulled = await streamOperation<PullResult>("/api/images/pull", { body: { reference: canonical }, onProgress: setProgress });
      setResult(pulled);
      setPhase("done");
      if (!mounted.current) toast(`Pulled ${pulled.reference}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setPhase("failed");
      if (!mounted.current) toast(`Pull of ${canonical} failed: ${errorMessage(caught)}`, "error");
    } finally {
      void mutate(isImagesKey);
    }
  };

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
            {running ? "Pulling…" : phase === "edit" ? "Pull" : "Pull again"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={pull} className="space-y-4" noValidate>
        <Field
          label="Image reference"
          htmlFor="pull-reference"
          problem={problem}
          hint="e.g. busybox:1.36 or 127.0.0.1:5000/team/app:1; no tag means :latest"
        >
          <input
            id="pull-reference"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={reference}
            disabled={running}
            onChange={(event) => {
              setReference(event.target.value);
              // A new reference starts over: the last run's bars and result belong to the old one.
              setPhase("edit");
              setProgress(initialProgress);
              setResult(null);
              setError(null);
            }}
            aria-invalid={problem !== null}
            aria-describedby={problem ? "pull-reference-problem" : undefined}
            placeholder="busybox:1.36"
            className={inputClass(problem !== null, "font-mono")}
          />
        </Field>
        {canonical ? <RegistryAuthNote reference={canonical} /> : null}
        <CommandPreview placeholder="Enter a valid image reference to see the command.">
          {canonical ? <CliCommand command={dockerPullCommand({ reference: canonical })} testId="cli-preview" /> : null}
        </CommandPreview>

        {phase !== "edit" ? (
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
        {error && canonical ? <OperationError message={error} reference={canonical} testId="pull-error" /> : null}
      </form>
    </Dialog>
  );
}
