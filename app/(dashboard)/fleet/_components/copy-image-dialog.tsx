"use client";

import { useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { LayerProgressList, ProgressBar } from "@/app/_components/progress";
import { api } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useFleetImages } from "@/app/_lib/hooks/use-fleet";
import { useOperation } from "@/app/_lib/hooks/use-operation";
import { OperationError, OperationResult, ResultFact, StatusLines } from "@/app/(dashboard)/images/_components/transfer-parts";
import { dockerCopyCommand } from "@/lib/cli/command";
import { copySource, fleetCell } from "@/lib/fleet/matrix";
import { copyImageBodySchema } from "@/lib/fleet/schemas";
import type { CopiedImage, FleetEngine, FleetImage } from "@/lib/fleet/types";
import { formatBytes } from "@/lib/format/bytes";
import { shortDigest } from "@/lib/format/image";
import type { ProgressState } from "@/lib/progress/docker-progress";

/** The route's body (`{to}`) and the source engine, which goes in the query (`?engine=`). */
const copyFormSchema = copyImageBodySchema
  .extend({ from: z.string().min(1, "choose the engine that holds the image") })
  .refine((value) => value.from !== value.to, { message: "the image is already there: choose another engine", path: ["to"] });

/** What one copy asks: the engines, and the reference the source saves. */
type CopyRequest = { from: string; to: string; reference: string };

function imageName(image: FleetImage): string {
  return image.repoTags[0] ?? shortDigest(image.id);
}

/** The bytes piped between the engines, from the `Copying` line of the progress stream. */
function CopyBar({ imageId, progress, running }: { imageId: string; progress: ProgressState; running: boolean }) {
  const copying = progress.layers.find((layer) => layer.id === shortDigest(imageId));
  const current = copying?.current ?? 0;
  const total = copying?.total ?? null;
  const fraction = copying?.done ? 1 : total ? current / total : null;
  return (
    <div data-testid="copy-progress" className="space-y-1.5 rounded-md border border-slate-200 px-3 py-2.5">
      <div className="flex items-baseline justify-between gap-3 text-xs">
        <span className="font-medium text-slate-700">{copying?.done ? "Copied" : running ? "Copying" : "Stopped"}</span>
        <span data-testid="copy-bytes" className="shrink-0 text-slate-500 tabular-nums">
          {formatBytes(current)}
          {total ? ` / ${formatBytes(total)} (${Math.min(100, Math.floor((current / total) * 100))}%)` : ""}
        </span>
      </div>
      <ProgressBar fraction={running && !copying ? null : fraction} tone={copying?.done ? "done" : "active"} label="Copy" />
      {running && copying && total && current >= total && !copying.done ? (
        <p className="text-xs text-slate-500">Every byte is across; the target engine is loading the layers…</p>
      ) : null}
    </div>
  );
}

/**
 * Copies an image to another engine: `docker save REF | docker -H TARGET load`, streamed through
 * the dashboard. The source is an engine that holds the image (the default engine first), the
 * target one that lacks it (or where its tag names another image: the copy moves the tag). The
 * fleet answer is the one source of which engine holds what, so the page's matrix and this
 * dialog agree, and both refresh when the copy ends.
 */
export function CopyImageDialog({
  imageId,
  from: pageEngine,
  to,
  onClose,
}: {
  imageId: string;
  /** The engine to copy from when it holds the image (the page's engine); else the default engine first. */
  from?: string;
  /** The engine to copy to (a matrix cell's). */
  to?: string;
  onClose: () => void;
}) {
  const { data, mutate } = useFleetImages();
  const image = data?.images.find((entry) => entry.id === imageId) ?? null;
  const engines = data?.engines ?? [];
  const sources = image ? engines.filter((engine) => fleetCell(image, engine).state === "holds") : [];
  const targets = image ? engines.filter((engine) => ["missing", "stale"].includes(fleetCell(image, engine).state)) : [];
  const preferred = image ? copySource(image, engines) : null;

  const form = useZodForm(copyFormSchema, {
    values: {
      from: sources.some((engine) => engine.id === pageEngine) ? pageEngine! : (preferred?.engine ?? ""),
      to: to ?? targets[0]?.id ?? "",
    },
    resetOptions: { keepDirtyValues: true },
  });
  const [from, target] = useWatch({ control: form.control, name: ["from", "to"] });
  const source = engines.find((engine) => engine.id === from);
  const destination = engines.find((engine) => engine.id === target);
  const holder = image?.engines.find((entry) => entry.id === from);
  // The tag travels with the image only when the archive is saved by it: a save by ID loads untagged.
  const reference = holder?.repoTags[0] ?? imageId;

  const copy = useOperation<CopiedImage, [CopyRequest]>((context, body) => api.images.copy(body.reference, body, context), {
    invalidates: ["images"],
    onSuccess: () => void mutate(),
    whenHidden: {
      done: (copied, body) => `Copied ${body.reference} to ${engines.find((engine) => engine.id === copied.to)?.name ?? copied.to}`,
      failed: (message) => `Copy failed: ${message}`,
    },
  });
  const { phase, running, progress, result, error } = copy;
  const stale = image && destination ? fleetCell(image, destination) : null;
  const engineLayers = progress.layers.filter((layer) => layer.id !== shortDigest(imageId));

  const formId = "copy-image-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={image ? <>Copy {imageName(image)} to another engine</> : "Copy image to another engine"}
      description="The image's archive streams from one engine's docker save into the other's docker load through the dashboard; nothing is written to disk on the way. The image keeps its ID."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {phase === "done" ? "Close" : running ? "Hide" : "Cancel"}
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!image || !form.formState.isValid || running || phase === "done"}>
            {running ? "Copying…" : phase === "done" ? "Copied" : "Copy"}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={form.handleSubmit((values) => copy.start({ ...values, reference }))}
        className="space-y-4"
        noValidate
        data-testid="copy-image-form"
      >
        {data && !image ? <p className="text-sm text-red-700">No engine holds this image any more.</p> : null}
        {image && sources.length > 0 && targets.length === 0 && phase === "idle" ? (
          <p data-testid="copy-nowhere" className="text-sm text-slate-600">
            {engines.length === 1
              ? "There is no other engine to copy to: an admin adds engines first."
              : "Every engine that is up holds this image already."}
          </p>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <EngineSelect
            id="copy-from"
            label="From"
            engines={sources}
            disabled={running || phase === "done"}
            problem={problemOf(form.formState.errors, "from")}
            field={form.register("from", { onChange: copy.reset })}
          />
          <EngineSelect
            id="copy-to"
            label="To"
            engines={targets}
            disabled={running || phase === "done"}
            problem={problemOf(form.formState.errors, "to")}
            field={form.register("to", { onChange: copy.reset })}
          />
        </div>
        {stale?.state === "stale" ? (
          <p data-testid="copy-stale-note" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
            On {destination?.name}, {stale.tags.map((entry) => `${entry.tag} names image ${shortDigest(entry.imageId)}`).join(", ")}. The
            load moves the tag to this image; the other one stays, untagged unless another tag holds it.
          </p>
        ) : null}
        {source && destination ? (
          <CommandPreview placeholder="">
            <CliCommand
              wrap
              testId="cli-preview"
              command={dockerCopyCommand({
                reference,
                sourceHost: source.default ? undefined : source.host,
                targetHost: destination.host,
              })}
            />
          </CommandPreview>
        ) : null}

        {phase !== "idle" ? <CopyBar imageId={imageId} progress={progress} running={running} /> : null}
        {engineLayers.length ? <LayerProgressList layers={engineLayers} /> : null}
        {phase !== "idle" ? <StatusLines lines={progress.messages} /> : null}

        {result ? (
          <OperationResult
            title={<>Copied to {engines.find((engine) => engine.id === result.to)?.name ?? result.to}</>}
            testId="copy-result"
          >
            <ResultFact label="Image ID" testId="copy-id">
              {shortDigest(result.id)}
            </ResultFact>
            <ResultFact label="Copied" testId="copy-result-bytes">
              {formatBytes(result.bytes)}
            </ResultFact>
            <ResultFact label="Loaded" testId="copy-loaded">
              {result.loaded.join(", ") || "—"}
            </ResultFact>
          </OperationResult>
        ) : null}
        {error ? <OperationError message={error} testId="copy-error" /> : null}
      </form>
    </Dialog>
  );
}

function EngineSelect({
  id,
  label,
  engines,
  disabled,
  problem,
  field,
}: {
  id: string;
  label: string;
  engines: readonly FleetEngine[];
  disabled: boolean;
  problem: string | null;
  field: ReturnType<ReturnType<typeof useZodForm<typeof copyFormSchema>>["register"]>;
}) {
  return (
    <Field label={label} htmlFor={id} problem={problem}>
      <select id={id} disabled={disabled || engines.length === 0} className={inputClass(problem !== null)} {...field}>
        {engines.length === 0 ? <option value="">No engine</option> : null}
        {engines.map((engine) => (
          <option key={engine.id} value={engine.id}>
            {engine.name} — {engine.host}
          </option>
        ))}
      </select>
    </Field>
  );
}
