"use client";

import { z } from "zod";
import { CreateFormDialog, useCreateForm } from "@/app/_components/create-form-dialog";
import { Field, inputClass } from "@/app/_components/field";
import { labelLines, LabelsField } from "@/app/_components/labels-field";
import { api } from "@/app/_lib/api-client";
import { optionalText, problemOf } from "@/app/_lib/forms";
import { dockerVolumeCreateCommand } from "@/lib/volumes/catalog";
import { createVolumeBodySchema } from "@/lib/volumes/schemas";

const { name, driver, labels } = createVolumeBodySchema.shape;

/** The form's fields as typed, checked by the route's own schema. */
const createVolumeFormSchema = z.object({
  name: optionalText(name),
  driver: optionalText(driver),
  labels: labelLines().pipe(labels),
});

/** POST /api/volumes, with the `docker volume create` line as it is typed. */
export function CreateVolumeDialog({ onClose }: { onClose: () => void }) {
  const { form, parsed, dialog } = useCreateForm(
    createVolumeFormSchema,
    { name: "", driver: "", labels: "" },
    (body) => api.volumes.create(body),
    {
      invalidates: ["volumes"],
      created: (result) => `Created volume ${result.volume.name}`,
      onClose,
    },
  );
  const { errors } = form.formState;

  return (
    <CreateFormDialog
      {...dialog}
      title="Create volume"
      description="A named volume keeps its files until it is removed, whatever happens to the containers that use it."
      formId="create-volume-form"
      command={parsed.success ? dockerVolumeCreateCommand(parsed.data) : null}
      commandTestId="volume-create-command"
      commandPlaceholder="Fix the fields above to see the command."
    >
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
      <Field label="Driver" htmlFor="volume-driver" problem={problemOf(errors, "driver")} hint="local unless a volume plugin is installed.">
        <input
          id="volume-driver"
          placeholder="local"
          autoComplete="off"
          spellCheck={false}
          className={inputClass(errors.driver !== undefined)}
          {...form.register("driver")}
        />
      </Field>
      <LabelsField id="volume-labels" problem={problemOf(errors, "labels")} field={form.register("labels")} />
    </CreateFormDialog>
  );
}
