"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { MIN_PASSWORD, newPasswordProblem, PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/auth/types";
import { ROLE_SUMMARY, RoleOptions } from "@/app/_components/role-options";

/** POST /api/users: a new user with a first password, which they should then be told in person. */
export function CreateUserForm({ onCreated }: { onCreated: (user: UserView) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const passwordProblem = newPasswordProblem(password);
  const valid = username.trim() !== "" && password.length >= MIN_PASSWORD;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    try {
      const user = await requestJson<UserView>("/api/users", { method: "POST", body: { username: username.trim(), password, role } });
      toast(`Created ${user.role} ${user.username}`);
      setUsername("");
      setPassword("");
      setRole("viewer");
      onCreated(user);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Create user" className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-4" noValidate>
      <h2 className="text-base font-semibold">Add a user</h2>
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_12rem_auto] sm:items-start">
        <Field label="Username" htmlFor="new-user-username" hint="Letters, digits and _ . @ -">
          <input
            id="new-user-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            className={inputClass()}
          />
        </Field>
        <PasswordField
          id="new-user-password"
          label="Password"
          value={password}
          onChange={setPassword}
          problem={passwordProblem}
          hint={`At least ${MIN_PASSWORD} characters`}
        />
        <Field label="Role" htmlFor="new-user-role" hint={ROLE_SUMMARY[role]}>
          <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as Role)} className={inputClass()}>
            <RoleOptions />
          </select>
        </Field>
        <Button variant="primary" type="submit" disabled={!valid || pending} className="sm:mt-5">
          {pending ? "Creating…" : "Create user"}
        </Button>
      </div>
      {error ? <FormError>{error}</FormError> : null}
    </form>
  );
}
