"use client";

import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, type TagImageInput } from "@/app/_lib/api-client";
import { grammar, problemOf, text, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerTagCommand } from "@/lib/cli/command";
import { tagImageBodySchema } from "@/lib/images/schemas";
import { validateRepository, validateTag } from "@/lib/reference/reference";

/** `POST /api/images/{ref}/tag`'s body, checked with the reference grammar the action enforces. */
const tagFormSchema = tagImageBodySchema.extend({
  repo: text(tagImageBodySchema.shape.repo.superRefine(grammar(validateRepository))),
  tag: text(tagImageBodySchema.shape.tag.unwrap().superRefine(grammar(validateTag))),
});

/**
 * "team/app:2" → its repository and tag; "localhost:5000/app" → tag "latest" (a registry's port is
 * not a tag); an image ID or digest reference → nothing to start from.
 */
export function splitReference(reference: string): { repo: string; tag: string } | undefined {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference) || reference.includes("@")) return undefined;
  const colon = reference.lastIndexOf(":");
  if (colon <= reference.lastIndexOf("/")) return { repo: reference, tag: "latest" };
  return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/**
 * `docker tag SOURCE REPO:TAG`: validated as the user types with the same grammar the server
 * enforces, and the exact command shown before it runs.
 */
export function TagDialog({ source, onClose }: { source: string; onClose: () => void }) {
  const toast = useToast();
  // A new tag is usually a small change of the image's own reference: start from it.
  const initial = splitReference(source);
  const form = useZodForm(tagFormSchema, { defaultValues: { repo: initial?.repo ?? "", tag: initial?.tag ?? "latest" } });
  const [repo, tag] = useWatch({ control: form.control, name: ["repo", "tag"] });
  const { errors, isValid } = form.formState;
  const tagging = useAction((body: TagImageInput) => api.images.tag(source, body), {
    invalidates: ["images"],
    onSuccess: (result) => {
      toast(`Tagged ${result.source} as ${result.target}`);
      onClose();
    },
  });

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
          <Button variant="primary" type="submit" form={formId} disabled={!isValid || tagging.running}>
            {tagging.running ? "Tagging…" : "Tag"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={form.handleSubmit((body) => tagging.start(body))} className="space-y-4" noValidate>
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
          <Field label="Repository" htmlFor="tag-repo" problem={problemOf(errors, "repo")} hint="e.g. team/app or localhost:5000/app">
            <input
              id="tag-repo"
              data-autofocus
              autoComplete="off"
              spellCheck={false}
              placeholder="team/app"
              className={inputClass(errors.repo !== undefined, "font-mono")}
              {...form.register("repo")}
            />
          </Field>
          <Field label="Tag" htmlFor="tag-tag" problem={problemOf(errors, "tag")}>
            <input
              id="tag-tag"
              autoComplete="off"
              spellCheck={false}
              className={inputClass(errors.tag !== undefined, "font-mono")}
              {...form.register("tag")}
            />
          </Field>
        </div>
        <CommandPreview placeholder="Enter a valid repository and tag to see the command.">
          {isValid ? (
            <CliCommand command={dockerTagCommand({ source, target: `${repo.trim()}:${tag.trim()}` })} testId="cli-preview" />
          ) : null}
        </CommandPreview>
        {tagging.error ? <FormError>{tagging.error}</FormError> : null}
      </form>
    </Dialog>
  );
}
