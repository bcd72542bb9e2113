"use client";

import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import { api, type CreateRegistryInput } from "@/app/_lib/api-client";
import { problemOf, text, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerLoginCommand } from "@/lib/cli/command";
import { createRegistryBodySchema } from "@/lib/registries/schemas";

export const ADDRESS_HINT = "host[:port], e.g. 127.0.0.1:5000 or registry.example.com; docker.io for Docker Hub";

const fields = createRegistryBodySchema.shape;

/** `POST /api/registries`'s body; address and username as typed, without the spaces around them. */
export const registryFormSchema = createRegistryBodySchema.extend({ address: text(fields.address), username: text(fields.username) });

/** POST /api/registries: address, username and password; the password is sealed on the server. */
export function AddRegistryForm() {
  const toast = useToast();
  const form = useZodForm(registryFormSchema, { defaultValues: { address: "", username: "", password: "" } });
  const [address, username] = useWatch({ control: form.control, name: ["address", "username"] });
  const { errors, isValid } = form.formState;
  const creation = useAction((body: CreateRegistryInput) => api.registries.create(body), {
    invalidates: ["registries"],
    onSuccess: (registry) => {
      toast(`Saved credentials for ${registry.address}`);
      form.reset();
    },
  });

  return (
    <form
      onSubmit={form.handleSubmit((body) => creation.start(body))}
      aria-label="Add registry"
      className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-4"
      noValidate
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">Add a registry</h2>
        {address.trim() && username.trim() ? (
          <div className="w-full max-w-md min-w-0">
            <CliCommand
              command={dockerLoginCommand({ registry: address.trim().toLowerCase(), username: username.trim() })}
              testId="add-registry-cli"
            />
          </div>
        ) : null}
      </div>
      <div className="grid gap-3 sm:grid-cols-[1.3fr_1fr_1fr_auto] sm:items-start">
        <Field label="Address" htmlFor="new-registry-address" problem={problemOf(errors, "address")} hint={ADDRESS_HINT}>
          <input
            id="new-registry-address"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="127.0.0.1:5000"
            className={inputClass(errors.address !== undefined, "font-mono")}
            {...form.register("address")}
          />
        </Field>
        <Field label="Username" htmlFor="new-registry-username" problem={problemOf(errors, "username")}>
          <input
            id="new-registry-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            className={inputClass(errors.username !== undefined)}
            {...form.register("username")}
          />
        </Field>
        <PasswordField
          id="new-registry-password"
          label="Password or access token"
          problem={problemOf(errors, "password")}
          hint="Sealed at rest; never shown again"
          {...form.register("password")}
        />
        <Button variant="primary" type="submit" disabled={!isValid || creation.running} className="sm:mt-5">
          {creation.running ? "Saving…" : "Add registry"}
        </Button>
      </div>
      {creation.error ? <FormError>{creation.error}</FormError> : null}
    </form>
  );
}
