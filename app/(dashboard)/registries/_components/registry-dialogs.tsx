"use client";

import { clsx } from "clsx";
import { useMemo } from "react";
import { z } from "zod";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog, RemoveFooter } from "@/app/_components/dialog";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import { api, type UpdateRegistryInput } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerLoginCommand } from "@/lib/cli/command";
import { updateRegistryBodySchema } from "@/lib/registries/schemas";
import type { RegistryView } from "@/lib/registries/types";
import { ADDRESS_HINT } from "./add-registry-form";

/**
 * The edit form: what is typed, turned into `PATCH /api/registries/{id}`'s body with only what
 * changed (a blank field keeps the saved value), which the route's schema then checks: with no
 * change at all there is nothing to save.
 */
function editFormSchema(registry: RegistryView) {
  return z
    .object({ address: z.string().trim(), username: z.string().trim(), password: z.string() })
    .transform(({ address, username, password }): UpdateRegistryInput => ({
      ...(address && address !== registry.address ? { address } : {}),
      ...(username && username !== registry.username ? { username } : {}),
      ...(password ? { password } : {}),
    }))
    .pipe(updateRegistryBodySchema);
}

/** PATCH /api/registries/{id}: only the fields that changed; a blank password keeps the saved one. */
export function EditRegistryDialog({ registry, onClose }: { registry: RegistryView; onClose: () => void }) {
  const toast = useToast();
  const schema = useMemo(() => editFormSchema(registry), [registry]);
  const form = useZodForm(schema, { defaultValues: { address: registry.address, username: registry.username, password: "" } });
  const { errors, isValid } = form.formState;
  const saving = useAction((changes: UpdateRegistryInput) => api.registries.update(registry.id, changes), {
    invalidates: ["registries"],
    onSuccess: (saved, changes) => {
      toast(`Updated ${saved.address}${changes.password ? " (new password)" : ""}`);
      onClose();
    },
  });

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
          <Button variant="primary" type="submit" form={formId} disabled={!isValid || saving.running}>
            {saving.running ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={form.handleSubmit((changes) => saving.start(changes))} className="space-y-4" noValidate>
        <Field label="Address" htmlFor="edit-registry-address" problem={problemOf(errors, "address")} hint={ADDRESS_HINT}>
          <input
            id="edit-registry-address"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.address !== undefined, "font-mono")}
            {...form.register("address")}
          />
        </Field>
        <Field label="Username" htmlFor="edit-registry-username" problem={problemOf(errors, "username")}>
          <input
            id="edit-registry-username"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(errors.username !== undefined)}
            {...form.register("username")}
          />
        </Field>
        <PasswordField
          id="edit-registry-password"
          label="New password"
          placeholder="unchanged"
          problem={problemOf(errors, "password")}
          hint="Blank keeps the saved password."
          {...form.register("password")}
        />
        {saving.error ? <FormError>{saving.error}</FormError> : null}
      </form>
    </Dialog>
  );
}

/** DELETE /api/registries/{id}: forgets the credentials; later pulls and pushes go anonymous. */
export function DeleteRegistryDialog({ registry, onClose }: { registry: RegistryView; onClose: () => void }) {
  const toast = useToast();
  const deletion = useAction(() => api.registries.remove(registry.id), {
    invalidates: ["registries"],
    onSuccess: () => {
      toast(`Forgot the credentials for ${registry.address}`);
      onClose();
    },
  });

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
        <RemoveFooter
          onCancel={onClose}
          onConfirm={() => void deletion.start()}
          running={deletion.running}
          label="Delete"
          runningLabel="Deleting…"
        />
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>
          Nothing in the registry itself changes. Pulls and pushes of <span className="font-mono">{registry.address}/…</span> references
          will be anonymous afterwards, which a private registry refuses.
        </p>
        {deletion.error ? <FormError>{deletion.error}</FormError> : null}
      </div>
    </Dialog>
  );
}

/** POST /api/registries/{id}/test: what `docker login` would answer with the saved credentials. */
export function TestLoginDialog({ registry, onClose }: { registry: RegistryView; onClose: () => void }) {
  const test = useAction(() => api.registries.testLogin(registry.id));
  const { result, error } = test;

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
          <Button variant="primary" onClick={() => void test.start()} disabled={test.running}>
            {test.running ? "Testing…" : test.phase === "idle" ? "Test login" : "Test again"}
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
            className={clsx(
              "flex items-start gap-3 rounded-md border px-3 py-2.5 text-sm",
              result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-950" : "border-red-200 bg-red-50 text-red-900",
            )}
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
