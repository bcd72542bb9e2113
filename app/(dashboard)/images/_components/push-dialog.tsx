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
import { dockerPushCommand } from "@/lib/cli/command";
import { formatBytes } from "@/lib/format/bytes";
import { initialProgress, type ProgressState } from "@/lib/progress/docker-progress";
import { RegistryAuthNote } from "./registry-auth";
import { LayerTransfer, OperationError, OperationResult, ResultFact, useMountedRef } from "./transfer-parts";

type PushResult = { reference: string; digest: string | null; bytes: number };

/**
 * `docker push REF` for one of the image's tags, with per-layer bars. The registry is the one the
 * tag names; to push elsewhere, tag the image for that registry first.
 */
export function PushDialog({ tags, defaultReference, onClose }: { tags: string[]; defaultReference: string; onClose: () => void }) {
  const [reference, setReference] = useState(tags.includes(defaultReference) ? defaultReference : (tags[0] ?? ""));
  const [phase, setPhase] = useState<"edit" | "running" | "done" | "failed">("edit");
  const [progress, setProgress] = useState<ProgressState>(initialProgress);
  const [result, setResult] = useState<PushResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const { mutate } = useSWRConfig();
  const mounted = useMountedRef();
  const running = phase === "running";

  const push = async () => {
    if (!reference || running) return;
    setPhase("running");
    setProgress(initialProgress);
    setResult(null);
    setError(null);
    try {
      const pushed = await streamOperation<PushResult>(`/api/images/${encodeURIComponent(reference)}/push`, { onProgress: setProgress });
      setResult(pushed);
      setPhase("done");
      // The push gave the image a repo digest.
      void mutate(isImagesKey);
      if (!mounted.current) toast(`Pushed ${pushed.reference}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setPhase("failed");
      if (!mounted.current) toast(`Push of ${reference} failed: ${errorMessage(caught)}`, "error");
    }
  };

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
          <Button variant="primary" onClick={() => void push()} disabled={!reference || running}>
            {running ? "Pushing…" : phase === "edit" ? "Push" : "Push again"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field
          label="Tag to push"
          htmlFor="push-reference"
          hint="To push to another registry, tag the image for it first (e.g. 127.0.0.1:5000/team/app:1)."
        >
          <select
            id="push-reference"
            value={reference}
            disabled={running}
            onChange={(event) => {
              setReference(event.target.value);
              setPhase("edit");
              setProgress(initialProgress);
              setResult(null);
              setError(null);
            }}
            className={inputClass(false, "font-mono")}
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

        {phase !== "edit" ? <LayerTransfer running={running} progress={progress} /> : null}

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
        {error ? <OperationError message={error} reference={reference} testId="push-error" /> : null}
      </div>
    </Dialog>
  );
}
