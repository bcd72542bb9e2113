"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Controller, useController, useForm, useWatch, type Control } from "react-hook-form";
import { z } from "zod";
import { Badge } from "@/app/_components/badge";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { CheckField, Field, FormError, inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { RoleButton } from "@/app/_components/role-button";
import { useToast } from "@/app/_components/toast";
import { api, errorMessage } from "@/app/_lib/api-client";
import { useImage } from "@/app/_lib/hooks/use-images";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { hasRole, type Role } from "@/lib/auth/roles";
import { dockerRunCommand } from "@/lib/cli/command";
import { previewProcess, type LaunchSpec } from "@/lib/containers/launch";
import type { LaunchedContainer } from "@/lib/containers/types";
import {
  initialFormState,
  publishValue,
  RESTART_POLICIES,
  specFromForm,
  volumeKind,
  type LaunchFormState,
  type RestartChoice,
  type Row,
} from "@/lib/containers/launch-form";
import { imagePath, primaryReference, shortDigest } from "@/lib/format/image";
import { containerPath } from "../../_components/container-format";
import { ProcessPreviewView } from "./process-preview";
import { KeyValueRows, nextRowId, ValueRows } from "./row-fields";

const RESTART_HINTS: Record<LaunchFormState["restart"], string> = {
  no: "Never restarted by the engine (the default).",
  always: "Restarted whenever it stops, and when the engine starts.",
  "unless-stopped": "Like always, except after you stop it yourself.",
  "on-failure": "Restarted only when it exits with a non-zero code.",
};

/**
 * What the form holds, turned into the LaunchSpec of `POST /api/containers` by the form→spec
 * mapping (which validates with `launchSpecSchema`, the route's own schema). The problems the
 * form shows are that same mapping's, placed on their inputs and rows as the user types.
 */
function launchFormSchema(allowBindMounts: boolean) {
  return z.custom<LaunchFormState>().transform((form, context): LaunchSpec => {
    const { valid, problems } = specFromForm(form, { allowBindMounts });
    if (valid) return valid;
    context.addIssue({ code: "custom", message: Object.values(problems.fields)[0] ?? "Fix the fields marked in red." });
    return z.NEVER;
  });
}

/** The value the image lookup waits for: typing an image name should not fetch on every key. */
function useSettled<T>(value: T, delayMs = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * What to tell after a launch, and where to go: a process that ended at once is not "Started";
 * its logs usually say why, so that is where the page goes.
 */
export function launchOutcome(result: LaunchedContainer): { message: string; tone: "success" | "error"; path: string } {
  if (!result.started) return { message: `Created container ${result.name}.`, tone: "success", path: containerPath(result.id) };
  if (result.state === "exited")
    return {
      message: `Container ${result.name} exited with code ${result.exitCode ?? "unknown"} right after starting; its logs are below.`,
      tone: result.exitCode === 0 ? "success" : "error",
      path: containerPath(result.id, "logs"),
    };
  if (result.state === "removed")
    return {
      message: `Container ${result.name} ended right after starting and was removed (--rm), logs and all.`,
      tone: "error",
      path: "/containers",
    };
  return { message: `Started container ${result.name}.`, tone: "success", path: containerPath(result.id) };
}

/**
 * `docker run` / `docker create` as a form. Beside it, computed in the browser as the user types,
 * the process the container will run (from the image's ENTRYPOINT and CMD and the overrides) and the
 * CLI line; both come from the same pure code the server uses, so they cannot disagree with it.
 */
export function LaunchForm({ initialImage, role }: { initialImage: string; role: Role }) {
  const router = useRouter();
  const toast = useToast();
  const canLaunch = hasRole(role, "operator");
  const allowBindMounts = hasRole(role, "admin");
  const resolver = useMemo(() => zodResolver(launchFormSchema(allowBindMounts)), [allowBindMounts]);
  const form = useForm<LaunchFormState, unknown, LaunchSpec>({ defaultValues: initialFormState(initialImage), resolver });
  const { control } = form;
  // Every field has its default value, so the watched form is whole.
  const values = useWatch({ control }) as LaunchFormState;
  const checked = useMemo(() => specFromForm(values, { allowBindMounts }), [values, allowBindMounts]);
  const { spec, problems } = checked;

  const launch = useAction((launched: LaunchSpec) => api.containers.launch(launched), {
    invalidates: ["containers", "images"],
    onSuccess: (result) => {
      const warnings = result.warnings.length ? ` Warnings: ${result.warnings.join(" ")}` : "";
      const outcome = launchOutcome(result);
      toast(`${outcome.message}${warnings}`, outcome.tone);
      router.push(outcome.path);
    },
  });
  // An edit clears the server's last answer: it was about the old values.
  const { reset: clearOutcome } = launch;
  useEffect(() => form.subscribe({ formState: { values: true }, callback: clearOutcome }), [form, clearOutcome]);

  const lookup = useSettled(problems.fields.image ? "" : spec.image);
  const { data: image, error: imageError } = useImage(lookup || null, {
    refreshInterval: 0,
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const looking = lookup !== spec.image || (!image && !imageError && lookup !== "");
  const config = image?.config;
  const preview = config
    ? previewProcess({ entrypoint: config.entrypoint, cmd: config.cmd }, { cmd: spec.cmd, entrypoint: spec.entrypoint })
    : null;
  // The engine would create a container with no process and fail to start it; the API refuses it first.
  const nothingToRun = preview !== null && preview.argv.length === 0;
  const commandProblem =
    problems.fields.command ?? (nothingToRun ? "Nothing to run: with no entrypoint, a command is required." : undefined);
  const valid = nothingToRun ? null : checked.valid;
  // After a launch the page is on its way to the new container.
  const busy = launch.running || launch.phase === "done";

  const submit = form.handleSubmit((launched) => {
    if (!nothingToRun && canLaunch) void launch.start(launched);
  });

  // The wiring every list field shares: its rows, their problems, and how edits come back.
  const listProps = (field: "env" | "ports" | "volumes") => ({
    id: `launch-${field}`,
    rows: values[field],
    onChange: (rows: Row[]) => form.setValue(field, rows),
    problems: problems.rows[field],
    problem: problems.fields[field],
  });
  const textProps = (field: "image" | "name" | "workingDir" | "user") => ({ control, name: field, problem: problems.fields[field] });

  const addPort = (value: string) =>
    form.setValue("ports", [...values.ports.filter((row) => row.value.trim() !== ""), { id: nextRowId(), value }]);
  const exposed = config?.exposedPorts ?? [];
  const imageVolumes = config?.volumes ?? [];
  const imageEnv = config?.env.filter((entry) => !entry.startsWith("PATH=")) ?? [];

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Launch a container"
      className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]"
    >
      <fieldset disabled={!canLaunch} className="min-w-0 space-y-5">
        <Section title="Image">
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            <TextField
              id="launch-image"
              label="Image"
              {...textProps("image")}
              hint="A reference (repo:tag) or an image ID, also of an intermediate build step"
              placeholder="seed/entry:1"
            />
            <TextField
              id="launch-name"
              label="Name"
              {...textProps("name")}
              hint="Optional (--name); the engine picks one otherwise"
              placeholder="my-container"
            />
          </div>
        </Section>

        <Section
          title="Process"
          subtitle="What runs as PID 1. Arguments after the image replace its CMD; --entrypoint replaces its ENTRYPOINT."
        >
          <div className="space-y-3">
            <TextField
              id="launch-command"
              label="Command"
              control={control}
              name="command"
              problem={commandProblem}
              hint={
                <>
                  Optional; replaces the image&apos;s CMD{config?.cmd ? <ImageValue value={config.cmd} /> : null}, not its ENTRYPOINT. Split
                  into words like a shell does.
                </>
              }
              placeholder={config?.entrypoint ? "--verbose" : "sh -c 'echo hi'"}
            />
            <TextField
              id="launch-entrypoint"
              label="Entrypoint"
              control={control}
              name="entrypoint"
              // Cleared shows empty, keeping what was typed for when the box is unticked.
              cleared={values.clearEntrypoint}
              problem={problems.fields.entrypoint}
              hint={
                <>
                  Optional (--entrypoint); replaces the image&apos;s ENTRYPOINT
                  {config?.entrypoint ? <ImageValue value={config.entrypoint} /> : null} and drops its CMD.
                </>
              }
              placeholder={values.clearEntrypoint ? "no entrypoint" : "/bin/sh"}
            />
            <CheckBox
              control={control}
              name="clearEntrypoint"
              id="launch-clear-entrypoint"
              label="Clear the entrypoint"
              hint={
                <>
                  Run without any ENTRYPOINT (<code className="font-mono">--entrypoint &apos;&apos;</code>): the command alone is the
                  process.
                </>
              }
            />
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <TextField
                id="launch-workdir"
                label="Working directory"
                {...textProps("workingDir")}
                hint="Optional (-w)"
                placeholder={config?.workingDir || "/"}
              />
              <TextField
                id="launch-user"
                label="User"
                {...textProps("user")}
                hint="Optional (-u): name, UID or UID:GID"
                placeholder={config?.user || "root"}
              />
            </div>
          </div>
        </Section>

        <Section title="Environment and labels">
          <div className="space-y-4">
            <ValueRows
              {...listProps("env")}
              legend="Environment"
              addLabel="Add variable"
              placeholder="KEY=value"
              hint={
                imageEnv.length ? (
                  <>
                    -e; the image sets <span className="font-mono">{imageEnv.join(" ")}</span>: a variable of the same name replaces it.
                  </>
                ) : (
                  "-e KEY=value"
                )
              }
            />
            <KeyValueRows
              id="launch-labels"
              legend="Labels"
              rows={values.labels}
              onChange={(rows) => form.setValue("labels", rows)}
              problems={problems.rows.labels}
              problem={problems.fields.labels}
              addLabel="Add label"
              hint="-l key=value; added to the image's labels"
            />
          </div>
        </Section>

        <Section title="Ports and volumes">
          <div className="space-y-4">
            <ValueRows
              {...listProps("ports")}
              legend="Ports"
              addLabel="Add port"
              placeholder="8080:80"
              hint={
                <>
                  -p <span className="font-mono">[ip:][hostPort:]containerPort[/udp]</span>.
                  {exposed.length ? (
                    <span data-testid="exposed-ports">
                      {" "}
                      The image exposes{" "}
                      {exposed.map((port) => (
                        <button
                          key={port}
                          type="button"
                          onClick={() => addPort(publishValue(port))}
                          title={`Publish ${port} as -p ${publishValue(port)}`}
                          aria-label={`Publish ${port}`}
                          className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700 hover:bg-sky-100 hover:text-sky-800"
                        >
                          {port}
                        </button>
                      ))}
                      (EXPOSE only documents a port; nothing is published without -p; click one to publish it).
                    </span>
                  ) : config ? (
                    " The image exposes no ports."
                  ) : null}
                </>
              }
            />
            <ValueRows
              {...listProps("volumes")}
              legend="Volumes"
              addLabel="Add volume"
              placeholder="data:/data, /host/dir:/data:ro or /data"
              renderAfter={(row) => <VolumeKind value={row.value} />}
              hint={
                <>
                  -v: <span className="font-mono">name:/path</span> a named volume, <span className="font-mono">/host/path:/path[:ro]</span>{" "}
                  a bind mount
                  {allowBindMounts ? "" : " (admin only)"}, <span className="font-mono">/path</span> an anonymous volume.
                  {imageVolumes.length ? (
                    <>
                      {" "}
                      The image declares <span className="font-mono">{imageVolumes.join(" ")}</span>: each gets an anonymous volume unless
                      you mount something there.
                    </>
                  ) : null}
                </>
              }
            />
          </div>
        </Section>

        <Section title="Lifecycle">
          <div className="space-y-3">
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <Controller
                control={control}
                name="restart"
                render={({ field }) => (
                  <Field
                    label="Restart policy"
                    htmlFor="launch-restart"
                    problem={problems.fields.restart}
                    hint={RESTART_HINTS[field.value]}
                  >
                    <select
                      id="launch-restart"
                      value={field.value}
                      onChange={(event) => field.onChange(event.target.value as RestartChoice)}
                      onBlur={field.onBlur}
                      className={inputClass(problems.fields.restart !== undefined)}
                    >
                      {RESTART_POLICIES.map((policy) => (
                        <option key={policy} value={policy}>
                          {policy}
                        </option>
                      ))}
                    </select>
                  </Field>
                )}
              />
              {values.restart === "on-failure" ? (
                <Controller
                  control={control}
                  name="maxRetries"
                  render={({ field }) => (
                    <Field label="Maximum retries" htmlFor="launch-max-retries" hint="Optional; without it the engine retries forever">
                      <input
                        id="launch-max-retries"
                        type="number"
                        min={0}
                        step={1}
                        inputMode="numeric"
                        value={field.value}
                        onChange={(event) => field.onChange(event.target.value)}
                        onBlur={field.onBlur}
                        className={inputClass(problems.fields.restart !== undefined)}
                      />
                    </Field>
                  )}
                />
              ) : null}
            </div>
            <div>
              <CheckBox
                control={control}
                name="autoRemove"
                id="launch-rm"
                label="Remove the container when it exits (--rm)"
                hint="Its writable layer and logs go with it."
              />
              {problems.fields.autoRemove ? (
                <p role="alert" data-testid="field-problem" className="mt-1 ml-6.5 text-xs text-red-700">
                  {problems.fields.autoRemove}
                </p>
              ) : null}
            </div>
            <CheckBox
              control={control}
              name="interactive"
              id="launch-interactive"
              label="Keep stdin open (-i)"
              hint="A shell such as sh exits at once without it when started in the background."
            />
            <CheckBox
              control={control}
              name="tty"
              id="launch-tty"
              label="Allocate a terminal (-t)"
              hint="For programs that want a TTY; merges stderr into stdout."
            />
            <Controller
              control={control}
              name="start"
              render={({ field }) => (
                <fieldset>
                  <legend className="mb-1 text-xs font-medium text-slate-600">When created</legend>
                  <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
                    {(
                      [
                        [true, "Start it now", "docker run -d"],
                        [false, "Create only", "docker create"],
                      ] as const
                    ).map(([value, label, command]) => (
                      <label key={String(value)} className="inline-flex items-center gap-2">
                        <input
                          type="radio"
                          name={field.name}
                          checked={field.value === value}
                          onChange={() => field.onChange(value)}
                          className="accent-sky-600"
                        />
                        {label} <span className="font-mono text-xs text-slate-500">({command})</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              )}
            />
          </div>
        </Section>
      </fieldset>

      <aside className="min-w-0 space-y-5 self-start xl:sticky xl:top-20">
        <Section title="What will run" subtitle="The image's ENTRYPOINT and CMD combined with your overrides, as Docker does.">
          {image ? (
            <div className="space-y-3">
              <p data-testid="launch-image-id" className="text-xs text-slate-500">
                Image{" "}
                <Link href={imagePath(image.summary.id)} className="font-mono text-sky-700 hover:underline" title={image.summary.id}>
                  {primaryReference(image.summary)}
                </Link>{" "}
                <span className="font-mono">({shortDigest(image.summary.id)})</span>
                {image.summary.repoTags.length === 0 ? (
                  <>
                    {" "}
                    <Badge tone="amber">untagged</Badge>
                  </>
                ) : null}
              </p>
              {preview ? <ProcessPreviewView preview={preview} /> : null}
              <p data-testid="process-context" className="text-xs text-slate-500">
                In <code className="font-mono text-slate-700">{spec.workingDir || image.config.workingDir || "/"}</code> as{" "}
                <code className="font-mono text-slate-700">{spec.user || image.config.user || "root"}</code>
                {spec.env?.length ? `, with ${spec.env.length} variable${spec.env.length === 1 ? "" : "s"} set on top of the image's` : ""}.
              </p>
            </div>
          ) : looking ? (
            <p className="text-sm text-slate-400">Reading the image…</p>
          ) : imageError ? (
            <p data-testid="image-lookup-error" role="alert" className="text-sm text-red-700">
              {imageError.status === 404 ? `No image ${spec.image} on this engine.` : errorMessage(imageError)}
            </p>
          ) : (
            <p className="text-sm text-slate-400">Name an image to see what it runs.</p>
          )}
        </Section>

        <Section title="Launch">
          <div className="space-y-3">
            <CommandPreview placeholder="Fix the fields marked in red to see the command.">
              {valid ? <CliCommand command={dockerRunCommand(valid)} testId="cli-preview" wrap /> : null}
            </CommandPreview>
            {problems.fields.form ? <FormError testId="launch-problem">{problems.fields.form}</FormError> : null}
            {launch.error ? <FormError testId="launch-error">{launch.error}</FormError> : null}
            {canLaunch ? null : (
              <Notice tone="info" title="Read only">
                Launching containers needs the operator role; you can still copy the command.
              </Notice>
            )}
            <div className="flex justify-end">
              <RoleButton role={role} needs="operator" variant="primary" type="submit" disabled={!valid || busy}>
                {busy ? (values.start ? "Starting…" : "Creating…") : values.start ? "Start container" : "Create container"}
              </RoleButton>
            </div>
          </div>
        </Section>
      </aside>
    </form>
  );
}

function ImageValue({ value }: { value: string[] }) {
  return <span className="ml-1 font-mono">{JSON.stringify(value)}</span>;
}

const VOLUME_KIND = { volume: "named volume", bind: "bind mount", anonymous: "anonymous" } as const;

function VolumeKind({ value }: { value: string }) {
  const kind = volumeKind(value);
  return <span className="w-24 shrink-0 text-right text-[11px] text-slate-500">{kind ? VOLUME_KIND[kind] : ""}</span>;
}

function Section({ title, subtitle, children }: { title: string; subtitle?: string; children: React.ReactNode }) {
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 className="text-base font-semibold">{title}</h2>
        {subtitle ? <p className="text-xs text-slate-500">{subtitle}</p> : null}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

type TextName = "image" | "name" | "command" | "entrypoint" | "workingDir" | "user";

/** A one-line monospace input in a Field, red with its problem in place of the hint. */
function TextField({
  id,
  label,
  control,
  name,
  problem,
  hint,
  placeholder,
  cleared = false,
}: {
  id: string;
  label: string;
  control: Control<LaunchFormState, unknown, LaunchSpec>;
  name: TextName;
  problem?: string;
  hint: React.ReactNode;
  placeholder: string;
  /** Shown empty and disabled (the entrypoint while "Clear the entrypoint" is ticked). */
  cleared?: boolean;
}) {
  const {
    field: { ref, value, onChange, onBlur },
  } = useController({ control, name });
  const invalid = problem !== undefined;
  return (
    <Field label={label} htmlFor={id} problem={problem} hint={hint}>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        name={name}
        ref={ref}
        value={cleared ? "" : value}
        disabled={cleared}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        placeholder={placeholder}
        className={inputClass(invalid, "font-mono disabled:bg-slate-50 disabled:text-slate-400")}
      />
    </Field>
  );
}

type FlagName = "clearEntrypoint" | "autoRemove" | "interactive" | "tty";

/** A CheckField bound to one of the form's flags. */
function CheckBox({
  control,
  name,
  ...props
}: { control: Control<LaunchFormState, unknown, LaunchSpec>; name: FlagName } & Omit<
  React.ComponentProps<typeof CheckField>,
  "checked" | "onChange"
>) {
  const { field } = useController({ control, name });
  return <CheckField {...props} checked={field.value} onChange={field.onChange} />;
}
