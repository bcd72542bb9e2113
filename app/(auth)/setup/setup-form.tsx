"use client";

import { useEffect } from "react";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { confirmsPassword, MIN_PASSWORD, newPasswordSchema, PasswordField } from "@/app/_components/password-field";
import { api, loadPage, type SetupInput } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { setupBodySchema } from "@/lib/auth/schemas";

/** `POST /api/auth/setup`'s body, with the password typed twice. */
const setupFormSchema = setupBodySchema.extend({ password: newPasswordSchema, confirm: z.string() }).superRefine(confirmsPassword);

/** POST /api/auth/setup, which signs the new admin in, then a full load of /images. */
export function SetupForm() {
  const form = useZodForm(setupFormSchema, { defaultValues: { username: "", password: "", confirm: "" } });
  const { errors, isValid } = form.formState;
  // The page is this form: start in its first field.
  useEffect(() => form.setFocus("username"), [form]);
  const setup = useAction((body: SetupInput) => api.auth.setup(body), {
    // A full load rather than a client navigation: the root layout renders the signed-in header.
    onSuccess: () => loadPage("/images"),
  });
  // After success the page is on its way to /images.
  const busy = setup.running || setup.phase === "done";

  return (
    <form
      onSubmit={form.handleSubmit(({ username, password }) => setup.start({ username, password }))}
      aria-label="Create the first admin"
      className="space-y-4"
      noValidate
    >
      <Field label="Username" htmlFor="setup-username" problem={problemOf(errors, "username")} hint="Letters, digits and _ . @ -">
        <input
          id="setup-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          className={inputClass(errors.username !== undefined)}
          {...form.register("username")}
        />
      </Field>
      <PasswordField
        id="setup-password"
        label="Password"
        problem={problemOf(errors, "password")}
        hint={`At least ${MIN_PASSWORD} characters.`}
        {...form.register("password", { deps: ["confirm"] })}
      />
      <PasswordField id="setup-confirm" label="Confirm password" problem={problemOf(errors, "confirm")} {...form.register("confirm")} />
      {setup.error ? <FormError>{setup.error}</FormError> : null}
      <Button variant="primary" type="submit" disabled={!isValid || busy} className="w-full">
        {busy ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
