"use client";

import { clsx } from "clsx";
import dynamic from "next/dynamic";
import { useEffect, useId, useMemo, useState } from "react";
import { useWatch } from "react-hook-form";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { CheckField, Field, FormError, inputClass } from "@/app/_components/field";
import { RoleButton } from "@/app/_components/role-button";
import type { BuildContextInput } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import type { Role } from "@/lib/auth/roles";
import { buildJsonBodySchema, buildRemoteBodySchema } from "@/lib/builds/schemas";
import type { LintFinding } from "@/lib/dockerfile/types";
import { formatBytes } from "@/lib/format/bytes";
import {
  buildCommandOf,
  buildFormSchema,
  emptyBuildForm,
  requestQueryOf,
  type BuildFormInput,
  type BuildFormValues,
} from "../_lib/build-form";
import { contextPath, packFolder, type ContextFile, type PackedContext } from "../_lib/folder-context";
import { BuildRun } from "./build-run";
import { useBuildRun } from "./use-build-run";

// CodeMirror is loaded only here, when the page is open: no other page's bundle carries it.
const DockerfileEditor = dynamic(() => import("./dockerfile-editor"), {
  ssr: false,
  loading: () => <div className="h-60 animate-pulse rounded-md border border-slate-200 bg-slate-50" aria-label="Dockerfile editor" />,
});

export const EXAMPLE_DOCKERFILE = `FROM local/busybox:1
WORKDIR /app
RUN echo "built by the dashboard" > /app/greeting
CMD ["cat", "/app/greeting"]
`;

type Source = "typed" | "archive" | "folder" | "remote";

const SOURCES: { value: Source; label: string; hint: string }[] = [
  { value: "typed", label: "Dockerfile", hint: "Type a Dockerfile (and small files it copies)." },
  { value: "archive", label: "Archive", hint: "Upload a .tar or .tar.gz of the context." },
  { value: "folder", label: "Folder", hint: "Pick a folder; .dockerignore is honoured." },
  { value: "remote", label: "URL", hint: "A tarball, a Dockerfile or a git repository the engine fetches itself." },
];

const SEVERITY_TONE = { error: "red", warning: "amber", info: "blue" } as const;

/** The lint findings under the editor, each with its line and hadolint ID. */
function Findings({ findings, error }: { findings: LintFinding[] | null; error: string | null }) {
  if (error) return <p className="text-xs text-red-700">The Dockerfile could not be linted: {error}</p>;
  if (findings === null) return null;
  if (findings.length === 0)
    return (
      <p className="text-xs text-emerald-700" data-testid="lint-clean">
        No lint findings.
      </p>
    );
  return (
    <ul
      aria-label="Lint findings"
      data-testid="lint-findings"
      className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm"
    >
      {findings.map((finding, i) => (
        <li
          key={`${finding.rule}-${finding.line}-${i}`}
          data-testid="lint-finding"
          className="flex flex-wrap items-baseline gap-x-2 gap-y-1 px-3 py-1.5"
        >
          <span className="w-14 shrink-0 text-xs text-slate-500 tabular-nums">line {finding.line}</span>
          <Badge tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</Badge>
          <span className="w-16 shrink-0 font-mono text-xs text-slate-600" data-testid="lint-finding-id">
            {finding.hadolint ?? "—"}
          </span>
          <span className="min-w-0 flex-1 basis-64 text-slate-700">{finding.message}</span>
        </li>
      ))}
    </ul>
  );
}

type ExtraFile = { key: number; name: string; content: string };

/** Small files beside a typed Dockerfile (what its COPY and ADD take), each a name and its text. */
function ExtraFiles({ files, onChange, disabled }: { files: ExtraFile[]; onChange: (files: ExtraFile[]) => void; disabled: boolean }) {
  const update = (key: number, change: Partial<ExtraFile>) =>
    onChange(files.map((file) => (file.key === key ? { ...file, ...change } : file)));
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-medium text-slate-600">Files in the context</legend>
      {files.map((file, i) => (
        <div key={file.key} data-testid="extra-file" className="space-y-1.5 rounded-md border border-slate-200 p-2">
          <div className="flex items-center gap-2">
            <input
              aria-label={`File ${i + 1} name`}
              placeholder="path/in/context.txt"
              value={file.name}
              disabled={disabled}
              onChange={(event) => update(file.key, { name: event.target.value })}
              className={inputClass(false, "font-mono")}
            />
            <Button
              variant="ghost-danger"
              size="sm"
              disabled={disabled}
              onClick={() => onChange(files.filter((other) => other.key !== file.key))}
            >
              Remove
            </Button>
          </div>
          <textarea
            aria-label={`File ${i + 1} content`}
            rows={3}
            spellCheck={false}
            value={file.content}
            disabled={disabled}
            onChange={(event) => update(file.key, { content: event.target.value })}
            className={inputClass(false, "font-mono text-xs")}
          />
        </div>
      ))}
      <Button
        variant="secondary"
        size="sm"
        disabled={disabled}
        onClick={() => onChange([...files, { key: Date.now(), name: "", content: "" }])}
      >
        + Add a file
      </Button>
    </fieldset>
  );
}

/** The typed Dockerfile and its files as the JSON body, or the schema's first problem. */
function typedBody(dockerfile: string, files: ExtraFile[]): { body: BuildContextInput } | { problem: string } {
  const parsed = buildJsonBodySchema.safeParse({
    dockerfile,
    files: files.length ? Object.fromEntries(files.map((file) => [file.name.trim(), file.content])) : undefined,
  });
  if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? "The Dockerfile or a file is not valid." };
  if (files.some((file) => file.name.trim() === "")) return { problem: "Every file needs a name." };
  return { body: { kind: "typed", body: parsed.data } };
}

/**
 * The builds page's client part: the context (typed Dockerfile with live lint, an archive, or a
 * folder), the options with the `docker build` line they make, and the build as it runs.
 */
export function BuildsView({ role, children }: { role: Role; children?: React.ReactNode }) {
  const ids = useId();
  const [source, setSource] = useState<Source>("typed");
  const [dockerfile, setDockerfile] = useState(EXAMPLE_DOCKERFILE);
  const [findings, setFindings] = useState<LintFinding[] | null>(null);
  const [lintError, setLintError] = useState<string | null>(null);
  const [extraFiles, setExtraFiles] = useState<ExtraFile[]>([]);
  const [archive, setArchive] = useState<File | null>(null);
  const [folder, setFolder] = useState<{ name: string; files: ContextFile[] } | null>(null);
  const [packedFolder, setPacked] = useState<PackedContext | null>(null);
  const [contextProblem, setContextProblem] = useState<string | null>(null);
  const [remote, setRemote] = useState("");

  const form = useZodForm(buildFormSchema, { defaultValues: emptyBuildForm });
  const values = useWatch({ control: form.control }) as BuildFormInput;
  const parsedOptions = useMemo(() => buildFormSchema.safeParse(values), [values]);
  const command = parsedOptions.success ? buildCommandOf(parsedOptions.data, source, remote) : null;
  const dockerfilePath = parsedOptions.success ? (parsedOptions.data.dockerfile ?? "Dockerfile") : "Dockerfile";

  // The folder's archive is laid out again when its files or the Dockerfile's path change; only
  // .dockerignore is read for that.
  useEffect(() => {
    let current = true;
    if (!folder) return;
    void packFolder(folder.files, dockerfilePath).then((result) => {
      if (current) setPacked(result);
    });
    return () => {
      current = false;
    };
  }, [folder, dockerfilePath]);

  const packed = folder ? packedFolder : null;

  const { run, running, start: startRun, cancel } = useBuildRun();

  const start = (options: BuildFormValues) => {
    setContextProblem(null);
    let input: BuildContextInput;
    if (source === "typed") {
      const typed = typedBody(dockerfile, extraFiles);
      if ("problem" in typed) return setContextProblem(typed.problem);
      input = typed.body;
    } else if (source === "remote") {
      const parsed = buildRemoteBodySchema.safeParse({ remote: remote.trim() });
      if (!parsed.success) return setContextProblem(parsed.error.issues[0]?.message ?? "Enter the URL of the context.");
      input = { kind: "remote", remote: parsed.data.remote };
    } else if (source === "archive") {
      if (!archive) return setContextProblem("Choose a .tar or .tar.gz archive of the context.");
      input = { kind: "archive", file: archive };
    } else {
      if (!folder || !packed) return setContextProblem("Choose a folder.");
      if (!packed.hasDockerfile) return setContextProblem(`The folder has no ${dockerfilePath} at its top.`);
      input = { kind: "folder", archive: packed.archive, name: folder.name };
    }
    const uploadName =
      input.kind === "archive"
        ? input.file.name
        : input.kind === "folder"
          ? `${input.name}/ (${packed?.included.length ?? 0} files)`
          : null;
    void startRun({ kind: "build", input, query: requestQueryOf(options), uploadName });
  };

  const sourceId = `${ids}-source`;
  return (
    <div className="space-y-6">
      <form
        aria-label="Build an image"
        noValidate
        onSubmit={form.handleSubmit(start)}
        className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]"
      >
        <section className="min-w-0 space-y-3" aria-labelledby={sourceId}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={sourceId} className="text-sm font-semibold text-slate-700">
              Context
            </h2>
            <div role="radiogroup" aria-label="Build context" className="inline-flex rounded-md ring-1 ring-slate-300 ring-inset">
              {SOURCES.map((option) => (
                <button
                  key={option.value}
                  type="button"
                  role="radio"
                  aria-checked={source === option.value}
                  title={option.hint}
                  disabled={running}
                  onClick={() => {
                    setSource(option.value);
                    setContextProblem(null);
                  }}
                  className={clsx(
                    "px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md",
                    source === option.value ? "bg-sky-600 text-white" : "text-slate-700 hover:bg-slate-50",
                  )}
                >
                  {option.label}
                </button>
              ))}
            </div>
          </div>

          {source === "typed" ? (
            <div className="space-y-3">
              <DockerfileEditor value={dockerfile} onChange={setDockerfile} onFindings={setFindings} onLintError={setLintError} />
              <Findings findings={findings} error={lintError} />
              <ExtraFiles files={extraFiles} onChange={setExtraFiles} disabled={running} />
            </div>
          ) : null}

          {source === "remote" ? (
            <Field
              label="Context URL"
              htmlFor={`${ids}-remote`}
              hint="The engine fetches it (where it can reach it): a tar or tar.gz, a plain Dockerfile, or a git repository as https://host/repo.git#branch:folder."
            >
              <input
                id={`${ids}-remote`}
                type="url"
                value={remote}
                disabled={running}
                placeholder="https://example.com/context.tar.gz"
                onChange={(event) => setRemote(event.target.value)}
                data-testid="remote-input"
                className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-sm"
              />
            </Field>
          ) : null}

          {source === "archive" ? (
            <Field
              label="Context archive"
              htmlFor={`${ids}-archive`}
              hint="A tar or tar.gz with the Dockerfile inside. It is streamed from disk to the engine, never held in memory."
            >
              <input
                id={`${ids}-archive`}
                type="file"
                accept=".tar,.tar.gz,.tgz,application/x-tar,application/gzip"
                disabled={running}
                onChange={(event) => setArchive(event.target.files?.[0] ?? null)}
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
              />
            </Field>
          ) : null}
          {source === "archive" && archive ? (
            <p className="text-xs text-slate-500" data-testid="archive-summary">
              {archive.name}, {formatBytes(archive.size)}
            </p>
          ) : null}

          {source === "folder" ? (
            <Field
              label="Context folder"
              htmlFor={`${ids}-folder`}
              hint="Its files are sent as a tar read from disk while it uploads; .dockerignore is applied as Docker applies it. Files go in with mode 0755 (browsers do not tell a file's mode)."
            >
              <input
                id={`${ids}-folder`}
                type="file"
                multiple
                disabled={running}
                // webkitdirectory is not in React's attribute types; every current browser supports it.
                ref={(input) => input?.setAttribute("webkitdirectory", "")}
                data-testid="folder-input"
                onChange={(event) => {
                  const picked = Array.from(event.target.files ?? []);
                  if (picked.length === 0) return setFolder(null);
                  const name = (picked[0]?.webkitRelativePath ?? "").split("/")[0] || "folder";
                  setFolder({
                    name,
                    files: picked.map((file) => ({
                      path: contextPath(file.webkitRelativePath || file.name),
                      blob: file,
                      mtime: file.lastModified,
                    })),
                  });
                }}
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
              />
            </Field>
          ) : null}
          {source === "folder" && folder && packed ? (
            <div className="space-y-1 text-xs text-slate-600" data-testid="folder-summary">
              <p>
                <span className="font-mono">{folder.name}/</span>: {packed.included.length} file{packed.included.length === 1 ? "" : "s"} to
                send ({formatBytes(packed.archive.size)} as tar)
                {packed.ignored.length ? `, ${packed.ignored.length} left out by .dockerignore` : ""}.
              </p>
              {packed.ignored.length ? (
                <details>
                  <summary className="cursor-pointer">Left out</summary>
                  <ul className="mt-1 max-h-32 overflow-auto font-mono" data-testid="ignored-files">
                    {packed.ignored.map((path) => (
                      <li key={path} className="break-all">
                        {path}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {!packed.hasDockerfile ? <p className="text-red-700">No {dockerfilePath} at the folder&apos;s top.</p> : null}
            </div>
          ) : null}
        </section>

        <aside className="min-w-0 space-y-3" aria-label="Build options">
          <h2 className="text-sm font-semibold text-slate-700">Options</h2>
          <Field
            label="Tags"
            htmlFor={`${ids}-tags`}
            problem={problemOf(form.formState.errors, "tags")}
            hint="repo:tag, several separated by spaces or lines."
          >
            <textarea
              id={`${ids}-tags`}
              rows={2}
              spellCheck={false}
              className={inputClass(!!form.formState.errors.tags, "font-mono")}
              {...form.register("tags")}
            />
          </Field>
          <Field
            label="Build args"
            htmlFor={`${ids}-args`}
            problem={problemOf(form.formState.errors, "buildArgs")}
            hint="KEY=VALUE per line, for ARG."
          >
            <textarea
              id={`${ids}-args`}
              rows={2}
              spellCheck={false}
              className={inputClass(!!form.formState.errors.buildArgs, "font-mono")}
              {...form.register("buildArgs")}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Target stage" htmlFor={`${ids}-target`} problem={problemOf(form.formState.errors, "target")}>
              <input
                id={`${ids}-target`}
                spellCheck={false}
                className={inputClass(!!form.formState.errors.target, "font-mono")}
                {...form.register("target")}
              />
            </Field>
            <Field label="Dockerfile path" htmlFor={`${ids}-file`} problem={problemOf(form.formState.errors, "dockerfile")}>
              <input
                id={`${ids}-file`}
                placeholder="Dockerfile"
                spellCheck={false}
                className={inputClass(!!form.formState.errors.dockerfile, "font-mono")}
                {...form.register("dockerfile")}
              />
            </Field>
          </div>
          <Field label="Labels" htmlFor={`${ids}-labels`} problem={problemOf(form.formState.errors, "labels")} hint="key=value per line.">
            <textarea
              id={`${ids}-labels`}
              rows={2}
              spellCheck={false}
              className={inputClass(!!form.formState.errors.labels, "font-mono")}
              {...form.register("labels")}
            />
          </Field>
          <div className="grid grid-cols-3 gap-3">
            <Field label="Memory" htmlFor={`${ids}-memory`} problem={problemOf(form.formState.errors, "memory")}>
              <input
                id={`${ids}-memory`}
                placeholder="512m"
                className={inputClass(!!form.formState.errors.memory, "font-mono")}
                {...form.register("memory")}
              />
            </Field>
            <Field label="CPU shares" htmlFor={`${ids}-shares`} problem={problemOf(form.formState.errors, "cpushares")}>
              <input
                id={`${ids}-shares`}
                placeholder="1024"
                inputMode="numeric"
                className={inputClass(!!form.formState.errors.cpushares, "font-mono")}
                {...form.register("cpushares")}
              />
            </Field>
            <Field label="CPU set" htmlFor={`${ids}-cpuset`} problem={problemOf(form.formState.errors, "cpusetcpus")}>
              <input
                id={`${ids}-cpuset`}
                placeholder="0-1"
                className={inputClass(!!form.formState.errors.cpusetcpus, "font-mono")}
                {...form.register("cpusetcpus")}
              />
            </Field>
          </div>
          <CheckField
            id={`${ids}-nocache`}
            checked={values.nocache ?? false}
            onChange={(checked) => form.setValue("nocache", checked, { shouldValidate: true })}
            label="No cache"
            hint="Run every step again instead of reusing cached layers."
          />
          <CheckField
            id={`${ids}-pull`}
            checked={values.pull ?? false}
            onChange={(checked) => form.setValue("pull", checked, { shouldValidate: true })}
            label="Pull"
            hint="Pull a newer base image first (needs a registry the engine reaches)."
          />
          <CommandPreview placeholder="Fix the options to see the command.">
            {command ? <CliCommand command={command} testId="cli-preview" wrap /> : null}
          </CommandPreview>
          {contextProblem ? <FormError testId="build-context-problem">{contextProblem}</FormError> : null}
          <div className="flex justify-end">
            <RoleButton role={role} needs="operator" variant="primary" type="submit" disabled={running} data-testid="build-submit">
              {running ? "Building…" : "Build"}
            </RoleButton>
          </div>
        </aside>
      </form>

      {run ? <BuildRun run={run} onCancel={() => void cancel()} /> : null}
      {children}
    </div>
  );
}
