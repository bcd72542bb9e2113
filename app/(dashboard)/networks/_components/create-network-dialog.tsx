"use client";

import { Controller } from "react-hook-form";
import { z } from "zod";
import { CreateFormDialog, useCreateForm } from "@/app/_components/create-form-dialog";
import { CheckField, Field, inputClass } from "@/app/_components/field";
import { labelLines, LabelsField } from "@/app/_components/labels-field";
import { api } from "@/app/_lib/api-client";
import { optionalText, problemOf, text } from "@/app/_lib/forms";
import { dockerNetworkCreateCommand } from "@/lib/networks/catalog";
import { createNetworkBodySchema } from "@/lib/networks/schemas";

/** The form's fields as typed; the whole body is checked by the route's own schema. */
const createNetworkFormSchema = z
  .object({
    name: text(z.string()),
    driver: optionalText(z.string().optional()),
    subnet: optionalText(z.string().optional()),
    gateway: optionalText(z.string().optional()),
    internal: z.boolean(),
    labels: labelLines(),
  })
  // The route's schema checks the whole body (a gateway needs a subnet); its problems keep their field paths.
  .transform((body, context) => {
    const checked = createNetworkBodySchema.safeParse(body);
    if (checked.success) return checked.data;
    for (const issue of checked.error.issues) context.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });

/** POST /api/networks (admin), with the `docker network create` line as it is typed. */
export function CreateNetworkDialog({ onClose }: { onClose: () => void }) {
  const { form, parsed, dialog } = useCreateForm(
    createNetworkFormSchema,
    { name: "", driver: "", subnet: "", gateway: "", internal: false, labels: "" },
    (body) => api.networks.create(body),
    { invalidates: ["networks"], created: (result) => `Created network ${result.network.name}`, onClose },
  );
  const { errors } = form.formState;

  return (
    <CreateFormDialog
      {...dialog}
      title="Create network"
      description="A user-defined network: its containers find each other by name."
      formId="create-network-form"
      command={parsed.success ? dockerNetworkCreateCommand(parsed.data) : null}
      commandTestId="network-create-command"
      commandPlaceholder="Name the network to see the command."
    >
      <Field label="Name" htmlFor="network-name" problem={problemOf(errors, "name")}>
        <input
          id="network-name"
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          className={inputClass(errors.name !== undefined)}
          {...form.register("name")}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Driver" htmlFor="network-driver" problem={problemOf(errors, "driver")} hint="bridge unless given">
          <input
            id="network-driver"
            placeholder="bridge"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.driver !== undefined)}
            {...form.register("driver")}
          />
        </Field>
        <Field label="Subnet" htmlFor="network-subnet" problem={problemOf(errors, "subnet")} hint="optional, e.g. 10.20.0.0/24">
          <input
            id="network-subnet"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.subnet !== undefined, "font-mono")}
            {...form.register("subnet")}
          />
        </Field>
        <Field label="Gateway" htmlFor="network-gateway" problem={problemOf(errors, "gateway")} hint="optional, in the subnet">
          <input
            id="network-gateway"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.gateway !== undefined, "font-mono")}
            {...form.register("gateway")}
          />
        </Field>
      </div>
      <Controller
        control={form.control}
        name="internal"
        render={({ field }) => (
          <CheckField
            id="network-internal"
            checked={field.value}
            onChange={field.onChange}
            label="Internal"
            hint="No route out of the network: its containers reach only each other."
          />
        )}
      />
      <LabelsField id="network-labels" problem={problemOf(errors, "labels")} field={form.register("labels")} />
    </CreateFormDialog>
  );
}
