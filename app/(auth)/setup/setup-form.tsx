"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { confirmProblem, MIN_PASSWORD, newPasswordProblem, PasswordField } from "@/app/_components/password-field";

/** POST /api/auth/setup, which signs the new admin in, then a full load of /images. */
export function SetupForm() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const passwordProblem = newPasswordProblem(password);
  const confirmationProblem = confirmProblem(password, confirm);
  const valid = username.trim() !== "" && password.length >= MIN_PASSWORD && confirm === password;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    try {
      await requestJson("/api/auth/setup", { method: "POST", body: { username: username.trim(), password } });
      window.location.assign("/images");
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Create the first admin" className="space-y-4" noValidate>
      <Field label="Username" htmlFor="setup-username" hint="Letters, digits and _ . @ -">
        <input
          id="setup-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          className={inputClass()}
        />
      </Field>
      <PasswordField
        id="setup-password"
        label="Password"
        value={password}
        onChange={setPassword}
        problem={passwordProblem}
        hint={`At least ${MIN_PASSWORD} characters.`}
      />
      <PasswordField id="setup-confirm" label="Confirm password" value={confirm} onChange={setConfirm} problem={confirmationProblem} />
      {error ? <FormError>{error}</FormError> : null}
      <Button variant="primary" type="submit" disabled={!valid || pending} className="w-full">
        {pending ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
