"use client";

import { useEffect } from "react";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { api, loadPage, type LoginInput } from "@/app/_lib/api-client";
import { problemOf, text, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { loginBodySchema } from "@/lib/auth/schemas";

/** `POST /api/auth/login`'s body; the username is trimmed as the server's user lookup expects it. */
const loginFormSchema = loginBodySchema.extend({ username: text(loginBodySchema.shape.username) });

/**
 * POST /api/auth/login, then a full page load of `next` (already checked to be a path on this
 * site). The server's message is shown as it is: it never says whether the username exists.
 */
export function LoginForm({ next }: { next: string }) {
  // Checked when submitted: a sign-in form that complains while the user types is noise.
  const form = useZodForm(loginFormSchema, { mode: "onSubmit", defaultValues: { username: "", password: "" } });
  const { errors } = form.formState;
  // The page is this form: start in its first field.
  useEffect(() => form.setFocus("username"), [form]);
  const signIn = useAction((body: LoginInput) => api.auth.login(body), {
    // A full load rather than a client navigation: the root layout renders the signed-in header.
    onSuccess: () => loadPage(next),
    onFailure: () => form.setValue("password", ""),
  });
  // After success the page is on its way to `next`.
  const busy = signIn.running || signIn.phase === "done";

  return (
    <form onSubmit={form.handleSubmit((body) => signIn.start(body))} aria-label="Sign in" className="space-y-4" noValidate>
      <Field label="Username" htmlFor="login-username" problem={problemOf(errors, "username")}>
        <input
          id="login-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          className={inputClass(errors.username !== undefined)}
          {...form.register("username")}
        />
      </Field>
      <Field label="Password" htmlFor="login-password" problem={problemOf(errors, "password")}>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass(errors.password !== undefined)}
          {...form.register("password")}
        />
      </Field>
      {signIn.error ? <FormError testId="login-error">{signIn.error}</FormError> : null}
      <Button variant="primary" type="submit" disabled={busy} className="w-full">
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
