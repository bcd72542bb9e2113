"use client";

import { useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, type CreateVolumeInput } from "@/app/_lib/api-client";
import { optionalText, problemOf, splitLines, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerVolumeCreateCommand, labelsFromLines } from "@/lib/volumes/catalog";
import { createVolumeBodySchema } from "@/lib/volumes/schemas";

const { name, driver, labels } = createVolumeBodySchema.shape;

/** The form's fields as typed, checked by the route's own schema. */
const createVolumeFormSchema = z.object({
  name: optionalText(name),
  driver: optionalText(driver),
  labels: z
    .string()
    .transform((value) => {
      const lines = splitLines(value);
      return lines.length ? labelsFromLines(lines) : undefined;
    })
    .pipe(labels),
});

/** POST /api/volumes, with the `docker volume create` line as it is typed. */
export function CreateVolumeDialog({ onClose }: { onClose: () => void }) {
  const toast = useToast();
  const form = useZodForm(createVolumeFormSchema, { defaultValues: { name: "", driver: "", labels: "" } });
  const values = useWatch({ control: form.control });
  const parsed = createVolumeFormSchema.safeParse(values);
  const creation = useAction((body: CreateVolumeInput) => api.volumes.create(body), {
    invalidates: ["volumes"],
    onSuccess: (result) => {
      toast(`Created volume ${result.volume.name}`);
      onClose();
    },
  });
  const { errors } = form.formState;

  return (
    <Dialog
      open
      onClose={onClose}
      title="Create volume"
      description="A named volume keeps its files until it is removed, whatever happens to the containers that use it."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="create-volume-form" disabled={!parsed.success || creation.running}>
            {creation.running ? "Creating…" : "Create"}
          </Button>
        </>
      }
    >
      <form id="create-volume-form" className="space-y-3" noValidate onSubmit={form.handleSubmit((body) => creation.start(body))}>
        <Field
          label="Name"
          htmlFor="volume-name"
          problem={problemOf(errors, "name")}
          hint="Leave empty and the engine names it (64 hex digits)."
        >
          <input
            id="volume-name"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.name !== undefined)}
            {...form.register("name")}
          />
        </Field>
        <Field
          label="Driver"
          htmlFor="volume-driver"
          problem={problemOf(errors, "driver")}
          hint="local unless a volume plugin is installed."
        >
          <input
            id="volume-driver"
            placeholder="local"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.driver !== undefined)}
            {...form.register("driver")}
          />
        </Field>
        <Field label="Labels" htmlFor="volume-labels" problem={problemOf(errors, "labels")} hint="One key=value per line.">
          <textarea
            id="volume-labels"
            rows={2}
            spellCheck={false}
            className={inputClass(errors.labels !== undefined, "font-mono")}
            {...form.register("labels")}
          />
        </Field>
        <CommandPreview placeholder="Fix the fields above to see the command.">
          {parsed.success ? <CliCommand command={dockerVolumeCreateCommand(parsed.data)} testId="volume-create-command" wrap /> : null}
        </CommandPreview>
        {creation.error ? <FormError>{creation.error}</FormError> : null}
      </form>
    </Dialog>
  );
}
