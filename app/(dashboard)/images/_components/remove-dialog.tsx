"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, Field, FormError, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, isApiError, type RemoveImageOptions } from "@/app/_lib/api-client";
import { useImage } from "@/app/_lib/hooks/use-images";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerRmiCommand } from "@/lib/cli/command";
import type { ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { describeRefusal, planImageRemoval, type RemovalPlan } from "@/lib/images/removal";
import type { ImageSummary, RemovedImage } from "@/lib/images/types";
import { ImageInUse } from "./image-in-use";

export type RemovableImage = Pick<ImageSummary, "id" | "shortId" | "repoTags" | "uniqueSize">;

/** A 409 from `DELETE /api/images/{ref}`: the engine's words, the containers in the way, and whether force gets past them. */
type Refusal = { engineMessage: string; containers: ContainerSummary[]; canForce: boolean };

function refusalOf(failure: unknown): Refusal | null {
  if (!isApiError(failure) || failure.status !== 409) return null;
  return {
    engineMessage: failure.message,
    containers: Array.isArray(failure.body.containers) ? (failure.body.containers as ContainerSummary[]) : [],
    canForce: failure.body.canForce === true,
  };
}

function describeRemoval(result: RemovedImage, reference: string): string {
  if (result.deleted.length > 0) {
    return `Removed ${reference}: untagged ${result.untagged.length}, deleted ${result.deleted.length} image/layer record${result.deleted.length === 1 ? "" : "s"}.`;
  }
  if (result.untagged.length > 0) {
    return `Untagged ${result.untagged.join(", ")}; the image is kept because other references or a container still use it.`;
  }
  return `Nothing was removed for ${reference}.`;
}

const forceButtonLabel = (plan: RemovalPlan) => (plan.forced === "untag" ? "Untag anyway" : "Remove anyway");

/**
 * `docker rmi [-f] [--no-prune] IMAGE`. Before anything is sent it says what the removal will do: the
 * containers that use the image (fetched when the dialog opens), what forcing past them leaves
 * behind, and how much is really freed. Forcing is never the dialog's main button: it takes ticking
 * "Remove anyway" first.
 */
export function RemoveDialog({
  image,
  defaultReference,
  onClose,
  onRemoved,
}: {
  image: RemovableImage;
  defaultReference: string;
  onClose: () => void;
  onRemoved?: (result: RemovedImage, reference: string) => void;
}) {
  const [reference, setReference] = useState(defaultReference);
  const [force, setForce] = useState(false);
  const [noPrune, setNoPrune] = useState(false);
  const toast = useToast();
  // The image's detail answers which containers use it; the list only knows how many.
  const users = useImage(image.id);
  const removal = useAction((ref: string, options: RemoveImageOptions) => api.images.remove(ref, options), {
    // "images" covers the detail too: after a refusal, the containers in the way show up at once.
    invalidates: ["images"],
    onSuccess: (result, ref) => {
      toast(describeRemoval(result, ref));
      onRemoved?.(result, ref);
      onClose();
    },
  });
  const pending = removal.running;
  const refusal = refusalOf(removal.failure);

  const containers = users.data?.containers;
  const checking = containers === undefined && !users.error;
  const plan = planImageRemoval({ image, reference, containers: containers ?? [] });
  const forceOffered = containers !== undefined && plan.needsForce !== null && plan.forced !== "refused";
  const plainOffered = plan.needsForce === null || containers === undefined;

  const remove = (forced: boolean) => void removal.start(reference, { force: forced, noprune: noPrune });
  const chooseReference = (next: string) => {
    setReference(next);
    setForce(false);
    removal.reset();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Remove image"
      description={
        <>
          Image <span className="font-mono text-slate-700">{image.shortId}</span>
          {image.repoTags.length ? <> ({image.repoTags.join(", ")})</> : " (untagged)"}
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          {plainOffered ? (
            <Button variant="danger" onClick={() => remove(false)} disabled={pending || checking}>
              {pending ? "Removing…" : checking ? "Checking…" : plan.onlyUntags ? "Untag" : "Remove"}
            </Button>
          ) : null}
        </>
      }
    >
      <div className="space-y-4">
        {image.repoTags.length > 0 ? (
          <Field label="Reference" htmlFor="rmi-reference">
            <select
              id="rmi-reference"
              value={reference}
              onChange={(event) => chooseReference(event.target.value)}
              className={inputClass(false, "font-mono")}
            >
              {image.repoTags.map((tag) => (
                <option key={tag} value={tag}>
                  {tag}
                </option>
              ))}
              <option value={image.shortId}>{image.shortId} (image ID: every tag)</option>
            </select>
          </Field>
        ) : null}

        <Outcome plan={plan} image={image} reference={reference} checking={checking} containers={containers} />
        {users.error && containers === undefined ? (
          <p className="text-sm text-amber-800">
            Could not check which containers use this image ({users.error.message}). If one does, Docker refuses and the dialog says which.
          </p>
        ) : null}

        {containers?.length && !plan.onlyUntags ? <ImageInUse containers={containers} byId={plan.byId} /> : null}

        {forceOffered ? (
          <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="force-option">
            <CheckField
              tone="red"
              id="rmi-force"
              checked={force}
              onChange={setForce}
              label="Remove anyway (-f)"
              hint={
                plan.needsForce === "several-tags"
                  ? `Removes every tag (${image.repoTags.join(", ")}) and then the image.`
                  : plan.forced === "untag"
                    ? "Only the tag goes; the image and its layers stay while the container runs."
                    : "The tags and the image's entry go; the layers stay on disk until the containers are removed."
              }
            />
            {force ? (
              <Button variant="ghost-danger" className="ring-1 ring-red-300 ring-inset" onClick={() => remove(true)} disabled={pending}>
                {pending ? "Removing…" : forceButtonLabel(plan)}
              </Button>
            ) : null}
          </div>
        ) : null}

        {plan.onlyUntags ? null : (
          <CheckField
            id="rmi-no-prune"
            checked={noPrune}
            onChange={setNoPrune}
            label="Keep untagged parents (--no-prune)"
            hint="Do not delete the untagged parent images a classic build left behind; less is freed."
          />
        )}

        <CommandPreview placeholder="">
          <CliCommand command={dockerRmiCommand({ image: reference, force: force && forceOffered, noPrune })} testId="cli-preview" />
        </CommandPreview>

        {refusal ? (
          <div
            role="alert"
            data-testid="remove-conflict"
            className="rounded-md border border-red-200 bg-red-50 p-3 text-sm break-words text-red-900"
          >
            <p className="font-semibold">Docker refused the removal</p>
            <p className="mt-1">
              {describeRefusal({ message: refusal.engineMessage, containers: refusal.containers, canForce: refusal.canForce })}
            </p>
            <details className="mt-2 text-xs text-red-800">
              <summary className="cursor-pointer">The engine&apos;s own words</summary>
              <p className="mt-1 font-mono">{refusal.engineMessage}</p>
            </details>
          </div>
        ) : null}

        {removal.error && !refusal ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}

/** What the removal will do and free, in one sentence, before it is sent. */
function Outcome({
  plan,
  image,
  reference,
  checking,
  containers,
}: {
  plan: RemovalPlan;
  image: RemovableImage;
  reference: string;
  checking: boolean;
  containers: ContainerSummary[] | undefined;
}) {
  const freed = <span className="font-semibold">{formatBytes(plan.frees)}</span>;
  let text: React.ReactNode;
  if (plan.onlyUntags) {
    text = (
      <>
        Removes only the tag <span className="font-mono">{reference}</span>; the image stays because{" "}
        <span className="font-mono">{plan.otherTags.join(", ")}</span> still {plan.otherTags.length === 1 ? "points" : "point"} to it. Frees
        nothing.
      </>
    );
  } else if (checking) {
    text = "Checking which containers use this image…";
  } else if (plan.needsForce === "containers") {
    text = (
      <>
        Frees nothing while {containers!.length === 1 ? "a container uses" : "containers use"} it: the layers are freed only once no
        container needs them.
      </>
    );
  } else if (plan.needsForce === "several-tags") {
    text = (
      <>
        Several tags point to this image; removing it by ID removes all of them and needs <span className="font-mono">-f</span>. It would
        free about {freed}: the layers no other image shares.
      </>
    );
  } else if (plan.frees === 0) {
    text = "Every layer of this image is shared with another image, so removing it frees nothing: only its entry goes.";
  } else {
    text = (
      <>
        Deletes the image and the layers no other image shares, freeing about {freed}
        {containers === undefined ? " (unless a container uses it)" : ""}.{image.repoTags.length > 1 ? " Every tag goes with it." : null}
      </>
    );
  }
  return (
    <p className="text-sm text-slate-600" data-testid="remove-outcome">
      {text}
    </p>
  );
}
