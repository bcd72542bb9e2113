"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import { dockerLoginCommand } from "@/lib/cli/command";
import type { RegistryView } from "@/lib/registries/types";

export const ADDRESS_HINT = "host[:port], e.g. 127.0.0.1:5000 or registry.example.com; docker.io for Docker Hub";

/** POST /api/registries: address, username and password; the password is sealed on the server. */
export function AddRegistryForm({ onAdded }: { onAdded: (registry: RegistryView) => void }) {
  const [address, setAddress] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const valid = address.trim() !== "" && username.trim() !== "" && password !== "";

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    try {
      const registry = await requestJson<RegistryView>("/api/registries", {
        method: "POST",
        body: { address: address.trim(), username: username.trim(), password },
      });
      toast(`Saved credentials for ${registry.address}`);
      setAddress("");
      setUsername("");
      setPassword("");
      onAdded(registry);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      onSubmit={submit}
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
        <Field label="Address" htmlFor="new-registry-address" hint={ADDRESS_HINT}>
          <input
            id="new-registry-address"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            placeholder="127.0.0.1:5000"
            className={inputClass(false, "font-mono")}
          />
        </Field>
        <Field label="Username" htmlFor="new-registry-username">
          <input
            id="new-registry-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            className={inputClass()}
          />
        </Field>
        <PasswordField
          id="new-registry-password"
          label="Password or access token"
          value={password}
          onChange={setPassword}
          hint="Sealed at rest; never shown again"
        />
        <Button variant="primary" type="submit" disabled={!valid || pending} className="sm:mt-5">
          {pending ? "Saving…" : "Add registry"}
        </Button>
      </div>
      {error ? <FormError>{error}</FormError> : null}
    </form>
  );
}
