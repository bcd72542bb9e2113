"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { CheckField, FormError } from "@/app/_components/field";
import { RoleButton } from "@/app/_components/role-button";
import { RowMenu } from "@/app/_components/row-menu";
import { useToast } from "@/app/_components/toast";
import { api, isApiError, type ApiScope, type RemoveContainerOptions } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import type { Role } from "@/lib/auth/roles";
import { dockerContainerActionCommand, dockerRmCommand, type ContainerAction } from "@/lib/cli/command";
import { availableActions } from "@/lib/containers/state";
import type { ContainerSummary } from "@/lib/containers/types";
import { containerLabel } from "./container-format";

type Lifecycle = ContainerAction | "remove";

/** What an action needs to know of a container; both the list's summary and the detail fit it. */
export type ActionTarget = Pick<ContainerSummary, "id" | "name" | "shortId" | "state">;

const WORDS: Record<Lifecycle, { label: string; running: string; done: string }> = {
  start: { label: "Start", running: "Starting…", done: "Started" },
  stop: { label: "Stop", running: "Stopping…", done: "Stopped" },
  restart: { label: "Restart", running: "Restarting…", done: "Restarted" },
  kill: { label: "Kill", running: "Killing…", done: "Killed" },
  pause: { label: "Pause", running: "Pausing…", done: "Paused" },
  unpause: { label: "Unpause", running: "Unpausing…", done: "Unpaused" },
  remove: { label: "Remove", running: "Removing…", done: "Removed" },
};

// Actions that end or may lose work ask first; the others run on click.
const CONFIRMED: Partial<Record<Lifecycle, { title: string; explanation: string }>> = {
  stop: {
    title: "Stop container",
    explanation:
      "Sends the container's stop signal (SIGTERM unless the image set another) to its main process, and SIGKILL if it has not exited after the grace period (10 s by default). The writable layer is kept: start brings it back with its files.",
  },
  kill: {
    title: "Kill container",
    explanation:
      "Sends SIGKILL to the main process at once: it gets no chance to finish writes or clean up. The writable layer is kept. Prefer Stop unless the process ignores SIGTERM.",
  },
};

/** What a container action makes stale: the container list and pages, and the images' container counts. */
const AFFECTED: readonly ApiScope[] = ["containers", "images"];

function commandFor(action: Lifecycle, container: string): string {
  return action === "remove" ? dockerRmCommand({ container }) : dockerContainerActionCommand({ action, container });
}

/**
 * Runs lifecycle actions of one container: start/restart/pause/unpause at once, stop/kill/remove
 * after a dialog. `dialog` must be rendered by the caller (outside any popover, which would hide it).
 */
function useLifecycle(target: ActionTarget, onRemoved?: () => void) {
  const [asking, setAsking] = useState<Lifecycle | null>(null);
  const toast = useToast();
  const label = containerLabel(target);
  const lifecycle = useAction((action: ContainerAction) => api.containers.act(target.id, action), {
    invalidates: AFFECTED,
    onSuccess: (_result, action) => {
      toast(`${WORDS[action].done} ${label}`);
      setAsking(null);
    },
    // A confirmed action shows its failure in its dialog; the others have no place but a toast.
    onFailure: (message, _failure, action) => {
      if (!CONFIRMED[action]) toast(message, "error");
    },
  });
  const pending: Lifecycle | null = lifecycle.running ? (lifecycle.args?.[0] ?? null) : null;

  const request = (action: Lifecycle) => {
    if (action === "remove" || CONFIRMED[action]) {
      lifecycle.reset();
      setAsking(action);
      return;
    }
    void lifecycle.start(action);
  };

  const close = () => setAsking(null);
  let dialog: React.ReactNode = null;
  if (asking === "remove") {
    dialog = <RemoveContainerDialog target={target} onClose={close} onRemoved={onRemoved} />;
  } else if (asking) {
    const action = asking;
    dialog = (
      <ConfirmActionDialog
        action={action}
        container={label}
        pending={pending === action}
        error={lifecycle.phase === "failed" && lifecycle.args?.[0] === action ? lifecycle.error : null}
        onClose={close}
        onConfirm={() => void lifecycle.start(action)}
      />
    );
  }
  return { pending, request, dialog, label };
}

/**
 * The action buttons a state allows, and under them the docker line of the one pointed at (or
 * focused), so the command is on screen before it runs.
 */
function ActionChooser({
  target,
  role,
  pending,
  onRequest,
}: {
  target: ActionTarget;
  role: Role;
  pending: Lifecycle | null;
  onRequest: (action: Lifecycle) => void;
}) {
  const actions: Lifecycle[] = [...availableActions(target.state), "remove"];
  const [pointed, setPointed] = useState<Lifecycle | null>(null);
  const shown = pointed && actions.includes(pointed) ? pointed : actions[0]!;
  const label = containerLabel(target);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div data-testid="lifecycle-buttons" className="flex flex-wrap gap-2">
        {actions.map((action) => (
          <RoleButton
            key={action}
            role={role}
            needs="operator"
            variant={action === "remove" ? "danger" : "secondary"}
            disabled={pending !== null}
            onClick={() => onRequest(action)}
            onMouseEnter={() => setPointed(action)}
            onFocus={() => setPointed(action)}
          >
            {pending === action ? WORDS[action].running : `${WORDS[action].label}${action === "remove" || CONFIRMED[action] ? "…" : ""}`}
          </RoleButton>
        ))}
      </div>
      <div className="min-w-0 flex-1 sm:min-w-64">
        <CliCommand command={commandFor(shown, label)} testId="lifecycle-command" />
      </div>
    </div>
  );
}

/** The detail page's lifecycle buttons with the line of the action pointed at. */
export function LifecycleControls({ target, role, onRemoved }: { target: ActionTarget; role: Role; onRemoved?: () => void }) {
  const lifecycle = useLifecycle(target, onRemoved);
  return (
    <>
      <ActionChooser target={target} role={role} pending={lifecycle.pending} onRequest={lifecycle.request} />
      {lifecycle.dialog}
    </>
  );
}

/** A list row's Actions menu (the pattern every list uses) with the same actions as the detail page. */
export function RowActions({ target, role }: { target: ActionTarget; role: Role }) {
  const lifecycle = useLifecycle(target);
  const actions: Lifecycle[] = [...availableActions(target.state), "remove"];
  return (
    <>
      <RowMenu
        label={lifecycle.label}
        role={role}
        busy={lifecycle.pending ? WORDS[lifecycle.pending].running : null}
        commandTestId="lifecycle-command"
        items={actions.map((action) => ({
          key: action,
          label: `${WORDS[action].label}${action === "remove" || CONFIRMED[action] ? "…" : ""}`,
          needs: "operator",
          danger: action === "remove" || action === "kill",
          command: commandFor(action, lifecycle.label),
          onSelect: () => lifecycle.request(action),
        }))}
      />
      {lifecycle.dialog}
    </>
  );
}

function ConfirmActionDialog({
  action,
  container,
  pending,
  error,
  onClose,
  onConfirm,
}: {
  action: ContainerAction;
  container: string;
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const words = CONFIRMED[action]!;
  return (
    <Dialog
      open
      onClose={onClose}
      title={words.title}
      description={<span className="font-mono text-slate-700">{container}</span>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={onConfirm}>
            {pending ? WORDS[action].running : WORDS[action].label}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-600">{words.explanation}</p>
        <CommandPreview placeholder="">
          <CliCommand command={commandFor(action, container)} testId="cli-preview" />
        </CommandPreview>
        {error ? <FormError>{error}</FormError> : null}
      </div>
    </Dialog>
  );
}

/**
 * `docker rm [-f] [-v] CONTAINER`. The engine refuses a running container without force (409):
 * the dialog says so and what to do, instead of forcing on its own.
 */
function RemoveContainerDialog({ target, onClose, onRemoved }: { target: ActionTarget; onClose: () => void; onRemoved?: () => void }) {
  const [force, setForce] = useState(false);
  const [volumes, setVolumes] = useState(false);
  const toast = useToast();
  const label = containerLabel(target);
  const removal = useAction((options: RemoveContainerOptions) => api.containers.remove(target.id, options), {
    invalidates: AFFECTED,
    onSuccess: () => {
      toast(`Removed ${label}`);
      onRemoved?.();
      onClose();
    },
  });
  const pending = removal.running;
  // The engine's sentence says the same; this one names both ways out with their commands.
  const conflict =
    isApiError(removal.failure) && removal.failure.status === 409
      ? { state: typeof removal.failure.body.state === "string" ? removal.failure.body.state : target.state }
      : null;
  const remove = () => void removal.start({ force, volumes });

  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title="Remove container"
      description={<span className="font-mono text-slate-700">{label}</span>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={remove} disabled={pending}>
            {pending ? "Removing…" : force ? "Force remove" : "Remove"}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Deletes the container and its writable layer: every file it added or changed is gone (commit it first to keep them as an image).
          The image it was created from is not touched.
        </p>
        <fieldset className="space-y-2">
          <legend className="sr-only">Options</legend>
          <CheckField
            tone="red"
            id="rm-force"
            checked={force}
            onChange={(value) => {
              setForce(value);
              removal.reset();
            }}
            label="Force (-f)"
            hint="Kill the container first if it is running (SIGKILL: no clean shutdown)."
          />
          <CheckField
            tone="red"
            id="rm-volumes"
            checked={volumes}
            onChange={setVolumes}
            label="Remove anonymous volumes (-v)"
            hint="Also delete the unnamed volumes it created (e.g. for an image's VOLUME). Named volumes are kept."
          />
        </fieldset>
        <CommandPreview placeholder="">
          <CliCommand command={dockerRmCommand({ container: label, force, volumes })} testId="cli-preview" />
        </CommandPreview>
        {conflict ? (
          <div
            role="alert"
            data-testid="remove-conflict"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            <p className="font-semibold">A {conflict.state} container cannot be removed without force</p>
            <p className="mt-1">
              Stop it first (<code className="font-mono">{dockerContainerActionCommand({ action: "stop", container: label })}</code>), or
              tick Force to kill and remove it in one step (
              <code className="font-mono">{dockerRmCommand({ container: label, force: true, volumes })}</code>).
            </p>
          </div>
        ) : null}
        {removal.error && !conflict ? <FormError>{removal.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
