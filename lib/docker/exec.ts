import "server-only";
import type { Duplex, Readable } from "node:stream";
import type Docker from "dockerode";
import { getDocker } from "@/lib/docker/client";
import { inspectContainerOnEngine } from "@/lib/docker/containers";
import { toEngineError } from "@/lib/docker/errors";

/** What opening a console needs to know about its container before asking the engine for an exec. */
export type ExecTarget = { id: string; name: string; status: string; running: boolean; paused: boolean };

/** An exec's state as `GET /exec/{id}/json` reports it; `exitCode` is null while it runs, `pid` is the host's. */
export type ExecState = { running: boolean; exitCode: number | null; pid: number };

/** The container's ID, name and state. 404 for an unknown container. */
export async function inspectExecTarget(ref: string): Promise<ExecTarget> {
  const { Id, Name, State } = await inspectContainerOnEngine(ref);
  return { id: Id, name: Name.replace(/^\//, ""), status: State.Status, running: State.Running, paused: State.Paused };
}

/**
 * `docker exec -it`: creates the exec with a TTY and all three streams attached, then starts it
 * hijacked, so the returned socket is the terminal itself: bytes written are keystrokes, bytes read
 * are the screen (with a TTY the engine does not multiplex stdout and stderr).
 */
export async function startInteractiveExec({
  container,
  command,
  user,
  workingDir,
  env,
  size,
}: {
  container: ExecTarget;
  command: readonly string[];
  user?: string;
  workingDir?: string;
  env: readonly string[];
  size?: { cols: number; rows: number };
}): Promise<{ execId: string; socket: Duplex }> {
  const subject = { kind: "container", name: container.name, action: "exec in" } as const;
  let exec: Docker.Exec;
  try {
    exec = await getDocker()
      .getContainer(container.id)
      .exec({
        Cmd: [...command],
        Tty: true,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Env: [...env],
        ...(user ? { User: user } : {}),
        ...(workingDir ? { WorkingDir: workingDir } : {}),
        // API 1.42+; older engines ignore it and get the size from the resize that follows.
        ...(size ? { ConsoleSize: [size.rows, size.cols] as [number, number] } : {}),
      });
  } catch (error) {
    throw toEngineError(error, subject);
  }
  try {
    const socket = await exec.start({ hijack: true, stdin: true, Tty: true });
    (socket as Duplex & { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
    return { execId: exec.id, socket };
  } catch (error) {
    throw toEngineError(error, { ...subject, action: "start exec in" });
  }
}

/** `POST /exec/{id}/resize`: the TTY's size, which the process learns through SIGWINCH. */
export async function resizeExec({
  execId,
  container,
  cols,
  rows,
}: {
  execId: string;
  container: string;
  cols: number;
  rows: number;
}): Promise<void> {
  try {
    await getDocker().getExec(execId).resize({ w: cols, h: rows });
  } catch (error) {
    throw toEngineError(error, { kind: "container", name: container, action: "resize the console of" });
  }
}

/** `GET /exec/{id}/json`. */
export async function inspectExec({ execId, container }: { execId: string; container: string }): Promise<ExecState> {
  try {
    const info = await getDocker().getExec(execId).inspect();
    return { running: info.Running, exitCode: info.ExitCode ?? null, pid: info.Pid };
  } catch (error) {
    throw toEngineError(error, { kind: "container", name: container, action: "inspect the console exec of" });
  }
}

// Sends a signal to every process of the container whose environment holds the marker. Reading
// another process's environ needs ptrace access, which Docker's default capabilities grant only
// for processes of the same user: so this runs as the console's own user.
const SIGNAL_BY_MARKER = [
  "for f in /proc/[0-9]*/environ; do",
  '  if tr "\\0" "\\n" < "$f" 2>/dev/null | grep -qxF "$2"; then p=${f#/proc/}; kill -s "$1" "${p%/environ}" 2>/dev/null; fi',
  "done",
  "true",
].join("\n");

/**
 * Signals the processes a console started, found by the `NAME=value` marker its exec was created
 * with (children inherit it). The Engine API has no call to signal or remove an exec, and closing
 * the hijacked connection does not end it: the process keeps its TTY and keeps running (measured on
 * Docker 20.10; see moby/moby#9098). So the dashboard hangs up the way a terminal would, from inside
 * the container, with a short-lived exec of `sh` (the console's own command needs a shell anyway).
 */
export async function signalMarkedProcesses({
  container,
  marker,
  signal,
  user,
}: {
  container: ExecTarget;
  marker: string;
  signal: "HUP" | "KILL";
  user?: string;
}): Promise<void> {
  const subject = { kind: "container", name: container.name, action: `send SIG${signal} to the console of` } as const;
  try {
    const exec = await getDocker()
      .getContainer(container.id)
      .exec({
        Cmd: ["sh", "-c", SIGNAL_BY_MARKER, "dashboard-console-hangup", signal, marker],
        AttachStdout: true,
        AttachStderr: true,
        ...(user ? { User: user } : {}),
      });
    const output = (await exec.start({})) as Readable;
    output.resume();
    await new Promise<void>((resolve) => {
      output.once("end", resolve);
      output.once("close", resolve);
      output.once("error", () => resolve());
    });
  } catch (error) {
    throw toEngineError(error, subject);
  }
}
