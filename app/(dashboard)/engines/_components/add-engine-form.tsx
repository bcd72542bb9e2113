"use client";

import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api, type CreateEngineInput, type EngineView } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { createEngineBodySchema } from "@/lib/engines/schemas";
import { dockerContextCreateCommand } from "@/lib/engines/host";
import { EngineFormFields, emptyEngineForm, engineFormInputSchema, schemeOf } from "./engine-form";
import { EngineFacts } from "./engine-facts";

/** `POST /api/engines`'s body from the inputs: TLS only for a tcp:// host with TLS ticked, a key only for ssh://. */
export const addEngineFormSchema = engineFormInputSchema
  .transform(({ name, host, useTls, tls, sshKey }): CreateEngineInput => {
    const scheme = schemeOf(host);
    return {
      name,
      host,
      ...(scheme === "tcp" && useTls ? { tls } : {}),
      ...(scheme === "ssh" ? { sshKey } : {}),
    };
  })
  .pipe(createEngineBodySchema);

/**
 * Adds an engine: the server pings it before saving (a 400 names what failed: refused, TLS,
 * authentication, the host key), then the answer shows its state, version and, for ssh, the host
 * key it pinned, to compare with the host's own.
 */
export function AddEngineForm({ onSwitch }: { onSwitch: (engine: EngineView) => void }) {
  const toast = useToast();
  const form = useZodForm(addEngineFormSchema, { defaultValues: emptyEngineForm });
  const [name, host, useTls] = useWatch({ control: form.control, name: ["name", "host", "useTls"] });
  const [added, setAdded] = useState<EngineView | null>(null);
  const creation = useAction((body: CreateEngineInput) => api.engines.create(body), {
    invalidates: ["engines"],
    onSuccess: (engine) => {
      toast(`Added engine ${engine.name}`);
      setAdded(engine);
      form.reset(emptyEngineForm);
    },
  });
  const scheme = schemeOf(host);
  const command =
    name.trim() && scheme ? dockerContextCreateCommand({ name: name.trim(), host: host.trim(), tls: scheme === "tcp" && useTls }) : null;

  return (
    <section aria-label="Add engine" className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-4">
      <form
        onSubmit={form.handleSubmit((body) => {
          setAdded(null);
          return creation.start(body);
        })}
        aria-label="Add an engine"
        className="space-y-3"
        noValidate
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-base font-semibold">Add an engine</h2>
          {command ? (
            <div className="w-full max-w-xl min-w-0">
              <CliCommand command={command} testId="add-engine-cli" wrap />
            </div>
          ) : null}
        </div>
        <EngineFormFields form={form} idPrefix="new-engine" />
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="primary" type="submit" disabled={!form.formState.isValid || creation.running}>
            {creation.running ? "Connecting…" : "Add engine"}
          </Button>
          <p className="text-xs text-slate-500">The engine must answer before it is saved.</p>
        </div>
        {creation.error ? <FormError testId="add-engine-error">{creation.error}</FormError> : null}
      </form>
      {added ? (
        <div
          role="status"
          data-testid="added-engine"
          className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm"
        >
          <p className="font-medium text-emerald-950">
            Added <span className="font-semibold">{added.name}</span>: {added.state === "up" ? "it answers" : "saved, but it is down now"}.
          </p>
          <EngineFacts engine={added} />
          {added.sshHostKey ? (
            <p className="text-xs text-emerald-950" data-testid="added-engine-host-key">
              Pinned host key <code className="font-mono break-all">{added.sshHostKey}</code>. Compare it with{" "}
              <code className="font-mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the host; if it differs, remove the
              engine. A different key later is refused.
            </p>
          ) : null}
          <Button variant="secondary" onClick={() => onSwitch(added)}>
            Switch to {added.name}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
