"use client";

import { useWatch, type FieldErrors, type UseFormReturn } from "react-hook-form";
import { z } from "zod";
import { CheckField, Field, inputClass } from "@/app/_components/field";
import { problemOf } from "@/app/_lib/forms";
import { KeyField } from "./key-field";

/** What the engine forms hold: the body's fields as inputs, and whether a tcp:// host uses TLS. */
export type EngineFormValues = {
  name: string;
  host: string;
  useTls: boolean;
  tls: { ca: string; cert: string; key: string };
  sshKey: string;
};

export const emptyEngineForm: EngineFormValues = { name: "", host: "", useTls: true, tls: { ca: "", cert: "", key: "" }, sshKey: "" };

/** The inputs as text, before the route's schema reads them. */
export const engineFormInputSchema = z.object({
  name: z.string().trim(),
  host: z.string().trim(),
  useTls: z.boolean(),
  tls: z.object({ ca: z.string(), cert: z.string(), key: z.string() }),
  sshKey: z.string(),
});

export type Scheme = "unix" | "tcp" | "ssh" | null;

/** How a host is reached, by its scheme (null while it is not one of the three). */
/** The three PEM files of a TLS engine, as docker --tlsverify names them. */
const TLS_PARTS = [
  { part: "ca", label: "CA certificate", hint: "ca.pem: the CA that signed the engine's certificate", pem: "CERTIFICATE" },
  {
    part: "cert",
    label: "Client certificate",
    hint: "cert.pem: the dashboard's certificate, signed by a CA the engine trusts",
    pem: "CERTIFICATE",
  },
  { part: "key", label: "Client key", hint: "key.pem: sealed at rest, never shown again", pem: "PRIVATE KEY" },
] as const;

export function schemeOf(host: string): Scheme {
  const match = /^(unix|tcp|ssh):\/\//.exec(host.trim());
  return match ? (match[1] as Scheme) : null;
}

export const HOST_HINT = "unix:///path/to/docker.sock, tcp://host:port (2376 with TLS) or ssh://user@host[:port]";

/**
 * Name, host, and what the host's scheme needs: TLS material for tcp:// (a CA, the dashboard's
 * client certificate and key, as docker's --tlsverify takes them), a private key for ssh://. The
 * TLS and ssh parts are optional on an edit (`keep`): left empty, the stored ones stay.
 */
export function EngineFormFields<Output>({
  form,
  idPrefix,
  keep,
}: {
  form: UseFormReturn<EngineFormValues, unknown, Output>;
  idPrefix: string;
  /** On an edit: what is stored already (blank key fields keep it). */
  keep?: { tls: boolean; sshKey: boolean };
}) {
  const errors: FieldErrors<EngineFormValues> = form.formState.errors;
  const [host, useTls] = useWatch({ control: form.control, name: ["host", "useTls"] });
  const scheme = schemeOf(host);
  const fromFile = (path: "tls.ca" | "tls.cert" | "tls.key" | "sshKey") => (text: string | null, problem?: string) => {
    if (text !== null) form.setValue(path, text, { shouldValidate: true, shouldDirty: true });
    else form.setError(path, { type: "file", message: problem });
  };
  const tlsProblem = (key: "ca" | "cert" | "key") => errors.tls?.[key]?.message ?? null;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-[1fr_2fr]">
        <Field
          label="Name"
          htmlFor={`${idPrefix}-name`}
          problem={problemOf(errors, "name")}
          hint="What the header and the audit log call it"
        >
          <input
            id={`${idPrefix}-name`}
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            placeholder="build-box"
            className={inputClass(errors.name !== undefined)}
            {...form.register("name")}
          />
        </Field>
        <Field label="Host" htmlFor={`${idPrefix}-host`} problem={problemOf(errors, "host")} hint={HOST_HINT}>
          <input
            id={`${idPrefix}-host`}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="tcp://10.0.0.7:2376"
            className={inputClass(errors.host !== undefined, "font-mono")}
            {...form.register("host")}
          />
        </Field>
      </div>

      {scheme === "tcp" ? (
        <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3">
          <CheckField
            id={`${idPrefix}-tls`}
            checked={useTls}
            onChange={(value) => form.setValue("useTls", value, { shouldValidate: true, shouldDirty: true })}
            label="TLS (recommended)"
            hint={
              keep?.tls
                ? "TLS material is stored; paste all three to replace it, or untick to reach the engine without TLS."
                : "The engine's CA and the dashboard's client certificate and key, as docker --tlsverify uses them. Without TLS, anyone who can reach the port is root on that host."
            }
          />
          {useTls ? (
            <div className="grid gap-3 lg:grid-cols-3">
              {TLS_PARTS.map(({ part, label, hint, pem }) => (
                <KeyField
                  key={part}
                  id={`${idPrefix}-tls-${part}`}
                  label={label}
                  hint={hint}
                  problem={tlsProblem(part)}
                  placeholder={keep?.tls ? "stored (unchanged)" : `-----BEGIN ${pem}-----`}
                  registration={form.register(`tls.${part}`)}
                  onFile={fromFile(`tls.${part}`)}
                />
              ))}
            </div>
          ) : null}
        </div>
      ) : null}

      {scheme === "ssh" ? (
        <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50/60 p-3">
          <KeyField
            id={`${idPrefix}-ssh-key`}
            label="Private key"
            hint={
              keep?.sshKey
                ? "A key is stored; paste one to replace it."
                : "The key the user signs in with (OpenSSH or PEM, without a passphrase); sealed at rest, never shown again. The host's key is read and pinned when the engine is added."
            }
            problem={problemOf(errors, "sshKey")}
            placeholder={keep?.sshKey ? "stored (unchanged)" : "-----BEGIN OPENSSH PRIVATE KEY-----"}
            registration={form.register("sshKey")}
            onFile={fromFile("sshKey")}
          />
          <p className="text-xs text-slate-500">
            The engine is reached as the docker CLI does: <code className="font-mono">docker system dial-stdio</code> on the host, so the
            user must be able to run docker there.
          </p>
        </div>
      ) : null}

      {scheme === "unix" ? (
        <p className="text-xs text-slate-500">
          A socket on the dashboard&apos;s own machine: the engine&apos;s socket, or a Podman service&apos;s (
          <code className="font-mono">podman system service unix:///…/podman.sock</code>).
        </p>
      ) : null}
    </div>
  );
}
