import { clsx } from "clsx";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import type { ProcessPreview } from "@/lib/containers/launch";
import { renderCommand } from "@/lib/cli/command";

const ENTRYPOINT_SOURCE: Record<ProcessPreview["entrypoint"]["source"], { label: string; tone: BadgeTone }> = {
  image: { label: "image", tone: "gray" },
  override: { label: "override", tone: "violet" },
  cleared: { label: "cleared", tone: "amber" },
  none: { label: "none", tone: "gray" },
};

const CMD_SOURCE: Record<ProcessPreview["cmd"]["source"], { label: string; tone: BadgeTone }> = {
  image: { label: "image", tone: "gray" },
  run: { label: "run command", tone: "blue" },
  dropped: { label: "dropped", tone: "red" },
  none: { label: "none", tone: "gray" },
};

/**
 * The process a container of this image will run, by Docker's ENTRYPOINT/CMD rules
 * (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact),
 * and where each part of it comes from.
 */
export function ProcessPreviewView({ preview }: { preview: ProcessPreview }) {
  return (
    <div data-testid="process-preview" className="space-y-3">
      <div>
        <p className="mb-1.5 text-xs font-medium text-slate-500">Process</p>
        {preview.argv.length ? (
          <code
            data-testid="process-argv"
            className="block overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-[13px] whitespace-pre text-emerald-300"
          >
            {renderCommand(preview.argv)}
          </code>
        ) : (
          <p
            data-testid="process-argv-none"
            className="rounded-md border border-dashed border-red-300 bg-red-50 px-3 py-2 text-[13px] text-red-800"
          >
            Nothing to run: the engine refuses a container without a command. Give a command, or an entrypoint.
          </p>
        )}
      </div>
      <dl className="divide-y divide-slate-100 rounded-md border border-slate-200">
        <Part
          testId="process-entrypoint"
          label="Entrypoint"
          part={preview.entrypoint}
          badge={ENTRYPOINT_SOURCE[preview.entrypoint.source]}
        />
        <Part testId="process-cmd" label="Cmd" part={preview.cmd} badge={CMD_SOURCE[preview.cmd.source]} />
      </dl>
      {preview.notes.length ? (
        <ul data-testid="process-notes" className="list-disc space-y-1 pl-5 text-xs text-slate-600">
          {preview.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Part({
  testId,
  label,
  part,
  badge,
}: {
  testId: string;
  label: string;
  part: { value: string[]; source: string; shellForm: boolean };
  badge: { label: string; tone: BadgeTone };
}) {
  // A dropped CMD is still shown, struck through: seeing it go is the point of the preview.
  const struck = part.source === "dropped";
  return (
    <div data-testid={testId} data-source={part.source} className="grid grid-cols-[5.5rem_1fr] items-start gap-2 px-3 py-2">
      <dt className="pt-0.5 text-xs font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <Badge tone={badge.tone} testId={`${testId}-source`}>
            {badge.label}
          </Badge>
          {part.shellForm ? (
            <Badge
              tone="amber"
              title='Shell form: the instruction runs under "/bin/sh -c", so the shell, not your program, is PID 1 and gets the stop signal'
            >
              shell form
            </Badge>
          ) : null}
        </div>
        {part.value.length ? (
          <code className={clsx("block font-mono text-[13px] break-all", struck ? "text-slate-400 line-through" : "text-slate-800")}>
            {JSON.stringify(part.value)}
          </code>
        ) : (
          <span className="text-xs text-slate-400 italic">not set</span>
        )}
      </dd>
    </div>
  );
}
