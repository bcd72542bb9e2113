"use client";

import { Controller, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, Field, FormError, inputClass } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, type CreateNetworkInput } from "@/app/_lib/api-client";
import { optionalText, problemOf, splitLines, text, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerNetworkCreateCommand } from "@/lib/networks/catalog";
import { createNetworkBodySchema } from "@/lib/networks/schemas";
import { labelsFromLines } from "@/lib/volumes/catalog";

/** The form's fields as typed; the whole body is checked by the route's own schema. */
const createNetworkFormSchema = z
  .object({
    name: text(z.string()),
    driver: optionalText(z.string().optional()),
    subnet: optionalText(z.string().optional()),
    gateway: optionalText(z.string().optional()),
    internal: z.boolean(),
    labels: z.string().transform((value) => {
      const lines = splitLines(value);
      return lines.length ? labelsFromLines(lines) : undefined;
    }),
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
  const toast = useToast();
  const form = useZodForm(createNetworkFormSchema, {
    defaultValues: { name: "", driver: "", subnet: "", gateway: "", internal: false, labels: "" },
  });
  const values = useWatch({ control: form.control });
  const parsed = createNetworkFormSchema.safeParse(values);
  const creation = useAction((body: CreateNetworkInput) => api.networks.create(body), {
    invalidates: ["networks"],
    onSuccess: (result) => {
      toast(`Created network ${result.network.name}`);
      onClose();
    },
  });
  const { errors } = form.formState;

  return (
    <Dialog
      open
      onClose={onClose}
      title="Create network"
      description="A user-defined network: its containers find each other by name."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form="create-network-form" disabled={!parsed.success || creation.running}>
            {creation.running ? "Creating…" : "Create"}
          </Button>
        </>
      }
    >
      <form id="create-network-form" className="space-y-3" noValidate onSubmit={form.handleSubmit((body) => creation.start(body))}>
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
        <Field label="Labels" htmlFor="network-labels" problem={problemOf(errors, "labels")} hint="One key=value per line.">
          <textarea
            id="network-labels"
            rows={2}
            spellCheck={false}
            className={inputClass(errors.labels !== undefined, "font-mono")}
            {...form.register("labels")}
          />
        </Field>
        <CommandPreview placeholder="Name the network to see the command.">
          {parsed.success ? <CliCommand command={dockerNetworkCreateCommand(parsed.data)} testId="network-create-command" wrap /> : null}
        </CommandPreview>
        {creation.error ? <FormError>{creation.error}</FormError> : null}
      </form>
    </Dialog>
  );
}
