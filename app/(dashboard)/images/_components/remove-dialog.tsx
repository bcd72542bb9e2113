"use client";

import { useState } from "react";
import { StateBadge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, Field, FormError, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, isApiError, type RemoveImageOptions } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerRmiCommand } from "@/lib/cli/command";
import type { ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import type { ImageSummary, RemovedImage } from "@/lib/images/types";

export type RemovableImage = Pick<ImageSummary, "id" | "shortId" | "repoTags" | "uniqueSize">;

/** What a 409 from `DELETE /api/images/{ref}` says: the containers in the way, and whether force gets past them. */
type Conflict = { message: string; containers: ContainerSummary[]; canForce: boolean };

function conflictOf(failure: unknown): Conflict | null {
  if (!isApiError(failure) || failure.status !== 409) return null;
  return {
    message: failure.message,
    containers: Array.isArray(failure.body.containers) ? (failure.body.containers as ContainerSummary[]) : [],
    canForce: failure.body.canForce === true,
  };
}

function describeRemoval(result: RemovedImage, reference: string): string {
  if (result.deleted.length > 0) {
    return `Removed ${reference}: untagged ${result.untagged.length}, deleted ${result.deleted.length} image/layer record${result.deleted.length === 1 ? "" : "s"}.`;
  }
  return `Untagged ${result.untagged.join(", ") || reference}; the image is kept because other references point to it.`;
}

/**
 * `docker rmi [-f] [--no-prune] IMAGE`. A 409 lists the containers in the way and offers a forced
 * removal only when the engine would accept one (never while a container is running).
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
  const removal = useAction((ref: string, options: RemoveImageOptions) => api.images.remove(ref, options), {
    invalidates: ["images"],
    onSuccess: (result, ref) => {
      toast(describeRemoval(result, ref));
      onRemoved?.(result, ref);
      onClose();
    },
  });
  const pending = removal.running;
  const conflict = conflictOf(removal.failure);

  const byId = reference === image.shortId || reference === image.id;
  const otherTags = image.repoTags.filter((tag) => tag !== reference);
  const onlyUntags = !byId && otherTags.length > 0;

  const remove = (forced: boolean) => void removal.start(reference, { force: forced, noprune: noPrune });
  const forceRemove = () => {
    setForce(true);
    remove(true);
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
          {conflict?.canForce ? (
            <Button variant="danger" onClick={forceRemove} disabled={pending}>
              {pending ? "Removing…" : "Force remove"}
            </Button>
          ) : null}
          <Button variant={conflict?.canForce ? "secondary" : "danger"} onClick={() => remove(force)} disabled={pending}>
            {pending && !conflict ? "Removing…" : onlyUntags ? "Untag" : "Remove"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {image.repoTags.length > 0 ? (
          <Field label="Reference" htmlFor="rmi-reference">
            <select
              id="rmi-reference"
              value={reference}
              onChange={(event) => {
                setReference(event.target.value);
                removal.reset();
              }}
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

        <p className="text-sm text-slate-600">
          {onlyUntags ? (
            <>
              Removes only the tag <span className="font-mono">{reference}</span>; the image stays because{" "}
              <span className="font-mono">{otherTags.join(", ")}</span> still {otherTags.length === 1 ? "points" : "point"} to it.
            </>
          ) : (
            <>
              Deletes the image and its layers that no other image uses, freeing about{" "}
              <span className="font-semibold">{formatBytes(image.uniqueSize)}</span>.
              {byId && image.repoTags.length > 1 ? " Removing by ID with several tags needs force (-f)." : null}
            </>
          )}
        </p>

        <fieldset className="space-y-2">
          <legend className="sr-only">Options</legend>
          <CheckField
            tone="red"
            id="rmi-force"
            checked={force}
            onChange={setForce}
            label="Force (-f)"
            hint="Untag and remove even if several tags or a stopped container refer to it. A running container still blocks it."
          />
          <CheckField
            tone="red"
            id="rmi-no-prune"
            checked={noPrune}
            onChange={setNoPrune}
            label="Keep untagged parents (--no-prune)"
            hint="Do not delete the untagged parent images left behind."
          />
        </fieldset>

        <CommandPreview placeholder="">
          <CliCommand command={dockerRmiCommand({ image: reference, force, noPrune })} testId="cli-preview" />
        </CommandPreview>

        {conflict ? (
          <div
            role="alert"
            data-testid="remove-conflict"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            <p className="font-semibold">The engine refused the removal</p>
            <p className="mt-1 break-words">{conflict.message}</p>
            {conflict.containers.length ? (
              <ul
                className="mt-2 divide-y divide-amber-200 rounded border border-amber-200 bg-white"
                aria-label="Containers using this image"
              >
                {conflict.containers.map((container) => (
                  <li key={container.id} className="flex items-center gap-3 px-2.5 py-1.5">
                    <span className="font-mono font-medium">{container.name || container.shortId}</span>
                    <StateBadge state={container.state} />
                    <span className="truncate text-xs text-slate-500">{container.status}</span>
                    <span className="ml-auto font-mono text-xs text-slate-400">{container.shortId}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {!conflict.canForce && conflict.containers.some((container) => container.state === "running") ? (
              <p className="mt-2 text-xs">Stop and remove the running container first; force cannot override it.</p>
            ) : null}
          </div>
        ) : null}

        {removal.error && !conflict ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
