"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";

/**
 * POST /api/auth/login, then a full page load of `next` (already checked to be a path on this
 * site). The server's message is shown as it is: it never says whether the username exists.
 */
export function LoginForm({ next }: { next: string }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (!username.trim() || !password) {
      setError("Enter your username and password.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      await requestJson("/api/auth/login", { method: "POST", body: { username: username.trim(), password } });
      // A full load rather than a client navigation: the root layout renders the signed-in header.
      window.location.assign(next);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPassword("");
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Sign in" className="space-y-4" noValidate>
      <Field label="Username" htmlFor="login-username">
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          className={inputClass()}
        />
      </Field>
      <Field label="Password" htmlFor="login-password">
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          className={inputClass()}
        />
      </Field>
      {error ? <FormError testId="login-error">{error}</FormError> : null}
      <Button variant="primary" type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
