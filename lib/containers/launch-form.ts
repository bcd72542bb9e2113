import { launchSpecSchema, parseVolume, splitCommandLine, type LaunchSpec, type VolumeMount } from "@/lib/containers/launch";

// The launch form keeps what the user typed (text, rows that may be blank); this turns it into the
// LaunchSpec the API takes and maps the schema's complaints back onto the inputs they came from.

/** One row of a list field; `id` keeps React's keys stable while rows are added and removed. */
export type Row = { id: number; value: string };
export type LabelRow = { id: number; key: string; value: string };

export const RESTART_POLICIES = ["no", "always", "unless-stopped", "on-failure"] as const;
export type RestartChoice = (typeof RESTART_POLICIES)[number];

export type LaunchFormState = {
  image: string;
  name: string;
  command: string;
  /** Replaces the image's ENTRYPOINT when not blank. */
  entrypoint: string;
  /** Runs without any entrypoint (`--entrypoint ''`), whatever the input says. */
  clearEntrypoint: boolean;
  env: Row[];
  ports: Row[];
  volumes: Row[];
  labels: LabelRow[];
  workingDir: string;
  user: string;
  restart: RestartChoice;
  maxRetries: string;
  autoRemove: boolean;
  tty: boolean;
  interactive: boolean;
  start: boolean;
};

export type ListField = "env" | "ports" | "volumes" | "labels";
type ScalarField = "image" | "name" | "command" | "entrypoint" | "workingDir" | "user" | "restart" | "autoRemove" | "form";

export type FormProblems = {
  /** Field-level sentences, by input. `form` holds what belongs to no input. */
  fields: Partial<Record<ScalarField | ListField, string>>;
  /** Row-level sentences, by list and row id. */
  rows: Record<ListField, Record<number, string>>;
};

export function initialFormState(image: string): LaunchFormState {
  return {
    image,
    name: "",
    command: "",
    entrypoint: "",
    clearEntrypoint: false,
    env: [],
    ports: [],
    volumes: [],
    labels: [],
    workingDir: "",
    user: "",
    restart: "no",
    maxRetries: "",
    autoRemove: false,
    tty: false,
    interactive: false,
    start: true,
  };
}

export type SpecResult = {
  /** What the form says, blank rows left out; may be invalid. */
  spec: LaunchSpec;
  /** The schema-checked spec to submit and render, or null while any problem remains. */
  valid: LaunchSpec | null;
  problems: FormProblems;
};

/**
 * The LaunchSpec of the form, validated by `launchSpecSchema` (the same schema the API applies),
 * with each problem placed on its input or row. `allowBindMounts` is the API's role rule: only
 * an admin may mount a host path.
 */
export function specFromForm(form: LaunchFormState, { allowBindMounts }: { allowBindMounts: boolean }): SpecResult {
  const problems: FormProblems = { fields: {}, rows: { env: {}, ports: {}, volumes: {}, labels: {} } };
  const words = (field: "command" | "entrypoint", text: string): string[] => {
    try {
      return splitCommandLine(text);
    } catch (error) {
      problems.fields[field] = error instanceof Error ? error.message : String(error);
      return [];
    }
  };

  const filled = (rows: Row[]) => rows.filter((row) => row.value.trim() !== "");
  const env = filled(form.env);
  const ports = filled(form.ports);
  const volumes = filled(form.volumes);
  const labelRows = form.labels.filter((row) => row.key.trim() !== "" || row.value !== "");
  const labels: Record<string, string> = {};
  const labelRowByKey = new Map<string, number>();
  for (const row of labelRows) {
    const key = row.key.trim();
    if (key === "") problems.rows.labels[row.id] = "A label needs a key.";
    else if (labelRowByKey.has(key)) problems.rows.labels[row.id] = `The key ${key} is set twice; a container keeps one value per key.`;
    else {
      labels[key] = row.value;
      labelRowByKey.set(key, row.id);
    }
  }

  const cmd = words("command", form.command);
  // [] is a real value (no entrypoint at all), so a blank input must mean "the image's" instead.
  const override = form.clearEntrypoint ? [] : words("entrypoint", form.entrypoint);
  const entrypoint = form.clearEntrypoint || override.length ? override : undefined;

  const retries = form.maxRetries.trim();
  const spec: LaunchSpec = {
    image: form.image.trim(),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(cmd.length ? { cmd } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    ...(env.length ? { env: env.map((row) => row.value.trim()) } : {}),
    ...(ports.length ? { ports: ports.map((row) => row.value.trim()) } : {}),
    ...(volumes.length ? { volumes: volumes.map((row) => row.value.trim()) } : {}),
    ...(form.workingDir.trim() ? { workingDir: form.workingDir.trim() } : {}),
    ...(form.user.trim() ? { user: form.user.trim() } : {}),
    ...(form.restart !== "no" ? { restartPolicy: form.restart === "on-failure" && retries ? `on-failure:${retries}` : form.restart } : {}),
    ...(form.autoRemove ? { autoRemove: true } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(form.tty ? { tty: true } : {}),
    ...(form.interactive ? { interactive: true } : {}),
    start: form.start,
  };

  const parsed = launchSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const rowsOf = { env, ports, volumes };
    for (const { path, message } of parsed.error.issues) {
      const [field, index] = path;
      if (field === "env" || field === "ports" || field === "volumes") {
        const row = typeof index === "number" ? rowsOf[field][index] : undefined;
        if (row) problems.rows[field][row.id] ??= message;
        else problems.fields[field] ??= message;
      } else if (field === "labels") {
        const rowId = typeof index === "string" ? labelRowByKey.get(index) : undefined;
        if (rowId !== undefined) problems.rows.labels[rowId] ??= message;
        else problems.fields.labels ??= message;
      } else {
        problems.fields[INPUT_OF[String(field)] ?? "form"] ??= message;
      }
    }
  }
  if (!allowBindMounts) {
    // The API refuses host paths to non-admins (they reach the host's files); say so on the row.
    for (const row of volumes) {
      if (volumeKind(row.value) === "bind")
        problems.rows.volumes[row.id] ??= "Mounting a host path needs the admin role; use a named volume instead.";
    }
  }
  const clean =
    parsed.success &&
    Object.keys(problems.fields).length === 0 &&
    Object.values(problems.rows).every((rows) => Object.keys(rows).length === 0);
  return { spec, valid: clean ? parsed.data : null, problems };
}

// The input that shows a problem with each scalar field of the spec.
const INPUT_OF: Record<string, ScalarField> = {
  image: "image",
  name: "name",
  cmd: "command",
  entrypoint: "entrypoint",
  workingDir: "workingDir",
  user: "user",
  restartPolicy: "restart",
  autoRemove: "autoRemove",
};

/**
 * What kind of mount a `-v` value asks for, by the same reading the API applies; null while the
 * value is not one (its row shows why).
 *
 * @example volumeKind("data:/data") // "volume"
 * @example volumeKind("/data") // "anonymous"
 */
export function volumeKind(value: string): VolumeMount["type"] | null {
  try {
    return parseVolume(value).type;
  } catch {
    return null;
  }
}

/**
 * The `-p` value that publishes an EXPOSEd port on the same host port, as people usually start.
 *
 * @example publishValue("8080/tcp") // "8080:8080"
 * @example publishValue("9090/udp") // "9090:9090/udp"
 */
export function publishValue(exposed: string): string {
  const [port, protocol = "tcp"] = exposed.split("/");
  return protocol === "tcp" ? `${port}:${port}` : `${port}:${port}/${protocol}`;
}
