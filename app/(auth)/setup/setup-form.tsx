"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";

// The server's passwordSchema: checked here too so the form can say so before sending.
const MIN_PASSWORD = 10;

/** POST /api/auth/setup, which signs the new admin in, then a full load of /images. */
export function SetupForm() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const passwordProblem = password && password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : null;
  const confirmProblem = confirm && confirm !== password ? "The passwords differ." : null;
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
      <Field label="Password" htmlFor="setup-password" problem={passwordProblem} hint={`At least ${MIN_PASSWORD} characters.`}>
        <input
          id="setup-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={passwordProblem !== null}
          className={inputClass(passwordProblem !== null)}
        />
      </Field>
      <Field label="Confirm password" htmlFor="setup-confirm" problem={confirmProblem}>
        <input
          id="setup-confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          aria-invalid={confirmProblem !== null}
          className={inputClass(confirmProblem !== null)}
        />
      </Field>
      {error ? <FormError>{error}</FormError> : null}
      <Button variant="primary" type="submit" disabled={!valid || pending} className="w-full">
        {pending ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
