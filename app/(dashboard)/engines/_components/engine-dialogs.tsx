"use client";

import { clsx } from "clsx";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog, RemoveFooter } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, loadPage, type EngineView, type UpdateEngineInput } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerCommand } from "@/lib/cli/command";
import { dockerContextRemoveCommand, dockerContextUpdateCommand } from "@/lib/engines/host";
import { updateEngineBodySchema } from "@/lib/engines/schemas";
import { EngineFormFields, engineFormInputSchema, schemeOf, type EngineFormValues } from "./engine-form";
import { contextArgs, EngineFacts, EngineStateBadge } from "./engine-facts";

/**
 * The edit form as `PATCH /api/engines/{id}`'s body: only what changed. Blank key fields keep the
 * stored ones; unticking TLS on an engine that has it drops it (`tls: null`).
 */
function editFormSchema(engine: EngineView) {
  return engineFormInputSchema
    .transform(({ name, host, useTls, tls, sshKey }): UpdateEngineInput => {
      const scheme = schemeOf(host);
      const tlsGiven = Boolean(tls.ca || tls.cert || tls.key);
      return {
        ...(name && name !== engine.name ? { name } : {}),
        ...(host && host !== engine.host ? { host } : {}),
        ...(scheme === "tcp" && useTls && tlsGiven ? { tls } : {}),
        ...(scheme === "tcp" && !useTls && engine.tls ? { tls: null } : {}),
        ...(scheme === "ssh" && sshKey ? { sshKey } : {}),
      };
    })
    .pipe(updateEngineBodySchema);
}

/** PATCH /api/engines/{id}: a changed host or TLS material is pinged before it is saved. */
export function EditEngineDialog({ engine, onClose }: { engine: EngineView; onClose: () => void }) {
  const toast = useToast();
  const schema = useMemo(() => editFormSchema(engine), [engine]);
  const defaults: EngineFormValues = {
    name: engine.name,
    host: engine.host,
    useTls: engine.tls,
    tls: { ca: "", cert: "", key: "" },
    sshKey: "",
  };
  const form = useZodForm(schema, { defaultValues: defaults });
  const [host, useTls] = useWatch({ control: form.control, name: ["host", "useTls"] });
  const saving = useAction((changes: UpdateEngineInput) => api.engines.update(engine.id, changes), {
    invalidates: ["engines"],
    onSuccess: (saved) => {
      toast(`Updated engine ${saved.name}`);
      onClose();
    },
  });
  const formId = "edit-engine-form";
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={`Edit engine ${engine.name}`}
      description="A changed host or TLS material must answer before it is saved. Blank key fields keep the stored ones."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!form.formState.isValid || saving.running}>
            {saving.running ? "Connecting…" : "Save"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={form.handleSubmit((changes) => saving.start(changes))} className="space-y-4" noValidate>
        <EngineFormFields form={form} idPrefix="edit-engine" keep={{ tls: engine.tls, sshKey: engine.host.startsWith("ssh://") }} />
        {schemeOf(host) ? (
          <CliCommand
            wrap
            command={dockerContextUpdateCommand({ name: engine.name, host: host.trim(), tls: schemeOf(host) === "tcp" && useTls })}
          />
        ) : null}
        {saving.error ? <FormError testId="edit-engine-error">{saving.error}</FormError> : null}
      </form>
    </Dialog>
  );
}

/** DELETE /api/engines/{id}: forgets the engine and its keys; nothing on the engine changes. */
export function RemoveEngineDialog({ engine, current, onClose }: { engine: EngineView; current: boolean; onClose: () => void }) {
  const toast = useToast();
  const removal = useAction(() => api.engines.remove(engine.id), {
    invalidates: ["engines"],
    onSuccess: () => {
      toast(`Removed engine ${engine.name}`);
      onClose();
      // This page worked on it: load anew, on the default engine.
      if (current) loadPage("/engines");
    },
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Remove engine ${engine.name}`}
      description={
        <>
          Forgets <span className="font-mono text-slate-700">{engine.host}</span> and its stored keys.
        </>
      }
      footer={
        <RemoveFooter
          onCancel={onClose}
          onConfirm={() => void removal.start()}
          running={removal.running}
          label="Remove"
          runningLabel="Removing…"
        />
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <CliCommand command={dockerContextRemoveCommand(engine.name)} />
        <p>
          Nothing on the engine itself changes: its images and containers stay. Users working on it go back to the default engine; the audit
          log keeps its rows.
        </p>
        {removal.error ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}

/** POST /api/engines/{id}/test: asks the engine now, as `docker version` would. */
export function TestEngineDialog({ engine, onClose }: { engine: EngineView; onClose: () => void }) {
  const test = useAction(() => api.engines.test(engine.id), { invalidates: ["engines"] });
  const { result, error } = test;
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={`Test engine ${engine.name}`}
      description={
        <>
          Connects to <span className="font-mono text-slate-700">{engine.host}</span> and asks for its version, changing nothing.
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Button variant="primary" onClick={() => void test.start()} disabled={test.running}>
            {test.running ? "Testing…" : test.phase === "idle" ? "Test" : "Test again"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <CliCommand command={dockerCommand([...contextArgs(engine), "version"])} testId="cli-preview" />
        {result ? (
          <div
            role="status"
            data-testid="engine-test-result"
            data-state={result.state}
            className={clsx(
              "space-y-1.5 rounded-md border px-3 py-2.5 text-sm",
              result.state === "up" ? "border-emerald-200 bg-emerald-50" : "border-red-200 bg-red-50",
            )}
          >
            <EngineStateBadge engine={result} />
            <EngineFacts engine={result} />
          </div>
        ) : null}
        {error ? <FormError testId="engine-test-error">{error}</FormError> : null}
      </div>
    </Dialog>
  );
}
