"use client";

import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { MIN_PASSWORD, newPasswordSchema, PasswordField } from "@/app/_components/password-field";
import { ROLE_SUMMARY, RoleOptions } from "@/app/_components/role-options";
import { useToast } from "@/app/_components/toast";
import { api, type CreateUserInput } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { createUserBodySchema } from "@/lib/auth/schemas";
import type { UserView } from "@/lib/auth/types";

/** `POST /api/users`'s body, the password's problem said the way the other password forms say it. */
const createUserFormSchema = createUserBodySchema.extend({ password: newPasswordSchema });

/** POST /api/users: a new user with a first password, which they should then be told in person. */
export function CreateUserForm({ onCreated }: { onCreated: (user: UserView) => void }) {
  const toast = useToast();
  const form = useZodForm(createUserFormSchema, { defaultValues: { username: "", password: "", role: "viewer" } });
  const role = useWatch({ control: form.control, name: "role" });
  const { errors, isValid } = form.formState;
  const creation = useAction((body: CreateUserInput) => api.users.create(body), {
    invalidates: ["users"],
    onSuccess: (user) => {
      toast(`Created ${user.role} ${user.username}`);
      form.reset();
      onCreated(user);
    },
  });

  return (
    <form
      onSubmit={form.handleSubmit((body) => creation.start(body))}
      aria-label="Create user"
      className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-4"
      noValidate
    >
      <h2 className="text-base font-semibold">Add a user</h2>
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_12rem_auto] sm:items-start">
        <Field label="Username" htmlFor="new-user-username" problem={problemOf(errors, "username")} hint="Letters, digits and _ . @ -">
          <input
            id="new-user-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            className={inputClass(errors.username !== undefined)}
            {...form.register("username")}
          />
        </Field>
        <PasswordField
          id="new-user-password"
          label="Password"
          problem={problemOf(errors, "password")}
          hint={`At least ${MIN_PASSWORD} characters`}
          {...form.register("password")}
        />
        <Field label="Role" htmlFor="new-user-role" hint={ROLE_SUMMARY[role]}>
          <select id="new-user-role" className={inputClass()} {...form.register("role")}>
            <RoleOptions />
          </select>
        </Field>
        <Button variant="primary" type="submit" disabled={!isValid || creation.running} className="sm:mt-5">
          {creation.running ? "Creating…" : "Create user"}
        </Button>
      </div>
      {creation.error ? <FormError>{creation.error}</FormError> : null}
    </form>
  );
}
