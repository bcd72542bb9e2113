"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import { dockerLoginCommand } from "@/lib/cli/command";
import type { RegistryView } from "@/lib/registries/types";
import { ADDRESS_HINT } from "./add-registry-form";

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** PATCH /api/registries/{id}: only the fields that changed; a blank password keeps the saved one. */
export function EditRegistryDialog({ registry, onClose, onSaved }: { registry: RegistryView; onClose: () => void; onSaved: () => void }) {
  const [address, setAddress] = useState(registry.address);
  const [username, setUsername] = useState(registry.username);
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const changes = {
    ...(address.trim() && address.trim() !== registry.address ? { address: address.trim() } : {}),
    ...(username.trim() && username.trim() !== registry.username ? { username: username.trim() } : {}),
    ...(password ? { password } : {}),
  };
  const changed = Object.keys(changes).length > 0;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!changed || pending) return;
    setPending(true);
    setError(null);
    try {
      const saved = await requestJson<RegistryView>(`/api/registries/${encodeURIComponent(registry.id)}`, {
        method: "PATCH",
        body: changes,
      });
      toast(`Updated ${saved.address}${changes.password ? " (new password)" : ""}`);
      onSaved();
      onClose();
    } catch (caught) {
      setError(message(caught));
      setPending(false);
    }
  };

  const formId = "edit-registry-form";
  return (
    <Dialog
      open
      onClose={onClose}
      title="Edit registry"
      description={
        <>
          Credentials for <span className="font-mono text-slate-700">{registry.address}</span>. Leave the password blank to keep the saved
          one.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!changed || pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Address" htmlFor="edit-registry-address" hint={ADDRESS_HINT}>
          <input
            id="edit-registry-address"
            autoComplete="off"
            spellCheck={false}
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            className={inputClass(false, "font-mono")}
          />
        </Field>
        <Field label="Username" htmlFor="edit-registry-username">
          <input
            id="edit-registry-username"
            autoComplete="off"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            className={inputClass()}
          />
        </Field>
        <PasswordField
          id="edit-registry-password"
          label="New password"
          placeholder="unchanged"
          value={password}
          onChange={setPassword}
          hint="Blank keeps the saved password."
        />
        {error ? <FormError>{error}</FormError> : null}
      </form>
    </Dialog>
  );
}

/** DELETE /api/registries/{id}: forgets the credentials; later pulls and pushes go anonymous. */
export function DeleteRegistryDialog({
  registry,
  onClose,
  onDeleted,
}: {
  registry: RegistryView;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      await requestJson(`/api/registries/${encodeURIComponent(registry.id)}`, { method: "DELETE" });
      toast(`Forgot the credentials for ${registry.address}`);
      onDeleted();
      onClose();
    } catch (caught) {
      setError(message(caught));
      setPending(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Delete registry"
      description={
        <>
          Forgets <span className="font-mono text-slate-700">{registry.address}</span> and its saved password.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void remove()} disabled={pending}>
            {pending ? "Deleting…" : "Delete"}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>
          Nothing in the registry itself changes. Pulls and pushes of <span className="font-mono">{registry.address}/…</span> references
          will be anonymous afterwards, which a private registry refuses.
        </p>
        {error ? <FormError>{error}</FormError> : null}
      </div>
    </Dialog>
  );
}

type LoginResult = { ok: boolean; status: number; message: string };

/** POST /api/registries/{id}/test: what `docker login` would answer with the saved credentials. */
export function TestLoginDialog({ registry, onClose }: { registry: RegistryView; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<LoginResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const test = async () => {
    setPending(true);
    setError(null);
    setResult(null);
    try {
      setResult(await requestJson<LoginResult>(`/api/registries/${encodeURIComponent(registry.id)}/test`, { method: "POST" }));
    } catch (caught) {
      setError(message(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Test login"
      description={
        <>
          Signs in to <span className="font-mono text-slate-700">{registry.address}</span> as{" "}
          <span className="font-medium text-slate-700">{registry.username}</span> with the saved password, as docker login does, and changes
          nothing.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button variant="primary" onClick={() => void test()} disabled={pending}>
            {pending ? "Testing…" : result || error ? "Test again" : "Test login"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <div>
          <p className="mb-1.5 text-xs font-medium text-slate-500">
            The same check on the command line (the password comes from standard input)
          </p>
          <CliCommand command={dockerLoginCommand({ registry: registry.address, username: registry.username })} testId="cli-preview" />
        </div>
        {result ? (
          <div
            role="status"
            data-testid="login-result"
            data-ok={result.ok}
            className={`flex items-start gap-3 rounded-md border px-3 py-2.5 text-sm ${result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-950" : "border-red-200 bg-red-50 text-red-900"}`}
          >
            <Badge tone={result.ok ? "green" : "red"} testId="login-badge">
              {result.ok ? "ok" : "failed"}
            </Badge>
            <div className="min-w-0">
              <p className="break-words">{result.message}</p>
              <p className="mt-0.5 text-xs opacity-70">HTTP {result.status} from /v2/</p>
            </div>
          </div>
        ) : null}
        {error ? <FormError testId="login-error">{error}</FormError> : null}
      </div>
    </Dialog>
  );
}
