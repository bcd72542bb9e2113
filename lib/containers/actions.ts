import "server-only";
import { recordAction } from "@/lib/audit/actions";
import { hasRole, type Role } from "@/lib/auth/roles";
import { dockerContainerActionCommand, dockerRmCommand, dockerRunCommand, type ContainerAction } from "@/lib/cli/command";
import { validateContainerRef } from "@/lib/containers/container-ref";
import { hasBindMount, launchSpecErrors, previewProcess, toCreateRequest, type LaunchSpec } from "@/lib/containers/launch";
import { containerActionOnEngine, createContainerOnEngine, removeContainerOnEngine } from "@/lib/docker/containers";
import { imageStart, inspectContainer } from "@/lib/containers/queries";
import { AppError, BadRequestError } from "@/lib/errors";

/** A spec from a request body: a 400 naming every bad field. */
export function parseLaunchSpec(input: unknown): LaunchSpec {
  const result = launchSpecErrors(input);
  if (!result.ok) {
    throw new BadRequestError(
      "container",
      `Invalid container settings: ${result.errors.map((error) => (error.path ? `${error.path}: ${error.message}` : error.message)).join("; ")}`,
      {
        details: { fields: result.errors },
      },
    );
  }
  return result.spec;
}

/**
 * `docker run -d` (or `docker create`). Bind mounts reach the host's files, so only an admin may
 * ask for them. A container whose start fails is removed again, so a failed launch leaves nothing.
 */
export async function launchContainer({
  spec,
  actor,
  role,
}: {
  spec: LaunchSpec;
  actor: string;
  role: Role;
}): Promise<{ id: string; name: string; started: boolean; state: string; exitCode: number | null; warnings: string[]; command: string }> {
  if (hasBindMount(spec) && !hasRole(role, "admin")) {
    throw new AppError(
      "forbidden:bind_mount",
      "Mounting a host path (a bind mount) gives the container the host's files: it needs the admin role. Use a named volume instead.",
    );
  }
  const image = await imageStart(spec.image);
  if (previewProcess(image, spec).argv.length === 0) {
    throw new BadRequestError("container", `Nothing to run: ${spec.image} has no ENTRYPOINT or CMD, so give a command.`);
  }
  const start = spec.start !== false;
  const command = dockerRunCommand(spec);
  return await recordAction(
    {
      action: start ? "container.run" : "container.create",
      target: spec.name ?? spec.image,
      params: { ...spec, imageId: image.id },
      command,
      actor,
    },
    async () => {
      const { id, warnings } = await createContainerOnEngine(toCreateRequest(spec));
      if (start) {
        try {
          await containerActionOnEngine(id, "start");
        } catch (error) {
          await removeContainerOnEngine(id, { force: true, volumes: true }).catch(() => undefined);
          const message = error instanceof Error ? error.message : String(error);
          throw new AppError("conflict:container", `The container was created but could not start, so it was removed again: ${message}`, {
            cause: error,
          });
        }
      }
      const after = await stateAfterLaunch(id, start);
      const name = spec.name ?? after.name ?? id.slice(0, 12);
      return { id, name, started: start, state: after.state, exitCode: after.exitCode, warnings, command };
    },
    (result) => ({ id: result.id, name: result.name, started: result.started, state: result.state, exitCode: result.exitCode }),
  );
}

/** How long a launch watches a started container before answering: a process that fails at once has exited by then. */
const SETTLE_MS = 300;

/**
 * The state right after a launch. A container whose process fails at once (a typo in the
 * command, a missing file) is "running" for an instant after start: reading the state again a
 * moment later tells the user "exited with code N" instead of a misleading "started".
 */
async function stateAfterLaunch(id: string, started: boolean): Promise<{ name: string | null; state: string; exitCode: number | null }> {
  const read = () =>
    inspectContainer(id).then(
      (detail) => ({
        name: detail.name,
        state: detail.state.status,
        exitCode: detail.state.running || !detail.state.finishedAt ? null : detail.state.exitCode,
      }),
      // --rm: an exited container may be gone already.
      () => ({ name: null, state: "removed", exitCode: null }),
    );
  const first = await read();
  if (!started || first.state !== "running") return first;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return await read();
}

/** start, stop, restart, kill, pause or unpause, audited; answers the state afterwards. */
export async function runContainerAction({
  ref,
  action,
  actor,
}: {
  ref: string;
  action: ContainerAction;
  actor: string;
}): Promise<{ id: string; name: string; action: ContainerAction; state: string; command: string }> {
  const container = validateContainerRef(ref);
  const before = await inspectContainer(container);
  const command = dockerContainerActionCommand({ action, container: before.name });
  return await recordAction(
    { action: `container.${action}`, target: before.name, params: { container: before.id }, command, actor },
    async () => {
      await containerActionOnEngine(before.id, action);
      // An auto-removed container may be gone once stopped.
      const state = await inspectContainer(before.id).then(
        (after) => after.state.status,
        () => "removed",
      );
      return { id: before.id, name: before.name, action, state, command };
    },
  );
}

/** `docker rm [-f] [-v]`: a running container without force is a 409 that says so. */
export async function removeContainer({
  ref,
  force,
  volumes,
  actor,
}: {
  ref: string;
  force: boolean;
  volumes: boolean;
  actor: string;
}): Promise<{ id: string; name: string; command: string }> {
  const container = validateContainerRef(ref);
  const detail = await inspectContainer(container);
  const command = dockerRmCommand({ container: detail.name, force, volumes });
  return await recordAction(
    { action: "container.remove", target: detail.name, params: { container: detail.id, force, volumes }, command, actor },
    async () => {
      if ((detail.state.running || detail.state.restarting) && !force) {
        throw new AppError(
          "conflict:container",
          `Container ${detail.name} is ${detail.state.paused ? "paused" : detail.state.status}: stop it first, or remove it with force (docker rm -f), which kills it.`,
          { details: { state: detail.state.status } },
        );
      }
      await removeContainerOnEngine(detail.id, { force, volumes });
      return { id: detail.id, name: detail.name, command };
    },
  );
}
