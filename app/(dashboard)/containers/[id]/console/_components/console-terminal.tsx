"use client";

import "@xterm/xterm/css/xterm.css";
import type { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { api, errorMessage, isAbort } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { dockerExecCommand } from "@/lib/cli/command";
import { splitCommandLine } from "@/lib/containers/launch";
import { consoleRequestSchema } from "@/lib/containers/schemas";
import type { OpenedConsole } from "@/lib/containers/types";
import { KeystrokeSender } from "./console-client";

type Phase =
  | { kind: "starting" }
  | { kind: "open"; opened: OpenedConsole }
  | { kind: "ended"; opened: OpenedConsole; exitCode: number | null }
  | { kind: "failed"; message: string; opened: OpenedConsole | null };

/** The command line of the next session, read as `POST /api/containers/{id}/exec`'s `command`. */
const sessionFormSchema = z.object({ command: z.string().transform(splitCommandLine).pipe(consoleRequestSchema.shape.command.unwrap()) });

const THEME = { background: "#0f172a", foreground: "#e2e8f0", cursor: "#e2e8f0", selectionBackground: "#334155" };

/**
 * The Console tab: `docker exec -it CONTAINER sh` in an xterm.js terminal. The session lives as
 * long as this component: unmounting (another tab, another page) or closing the browser tab aborts
 * the output stream, and the server then hangs the shell up.
 */
export function ConsoleTerminal({ reference, label }: { reference: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const form = useZodForm(sessionFormSchema, { defaultValues: { command: "sh" } });
  const commandText = useWatch({ control: form.control, name: "command" });
  // The effect reads the command when a session starts, not on every keystroke in the field.
  const commandRef = useRef<string[]>(["sh"]);
  const [generation, setGeneration] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: "starting" });
  const [inputProblem, setInputProblem] = useState<string | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let disposed = false;
    let session: string | null = null;
    let term: Terminal | null = null;
    let sender: KeystrokeSender | null = null;
    let observer: ResizeObserver | null = null;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const reading = new AbortController();
    setPhase({ kind: "starting" });
    setInputProblem(null);

    const run = async () => {
      // xterm.js touches the DOM when loaded, so it is loaded in the browser only.
      const [{ Terminal }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed) return;
      const terminal = new Terminal({
        cursorBlink: true,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 13,
        scrollback: 5000,
        theme: THEME,
      });
      term = terminal;
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(element);
      fit.fit();

      let opened: OpenedConsole;
      try {
        opened = await api.containers.openConsole(reference, {
          command: commandRef.current,
          cols: terminal.cols,
          rows: terminal.rows,
        });
      } catch (error) {
        if (!disposed) setPhase({ kind: "failed", message: errorMessage(error), opened: null });
        return;
      }
      if (disposed) {
        void api.consoles.end(opened.session);
        return;
      }
      session = opened.session;
      setPhase({ kind: "open", opened });

      const keys = new KeystrokeSender(opened.session, (error) => setInputProblem(error.message));
      sender = keys;
      const encoder = new TextEncoder();
      terminal.onData((data) => keys.send(encoder.encode(data)));
      // Some mouse reports are bytes above 0x7f that must not be UTF-8 encoded.
      terminal.onBinary((data) => keys.send(Uint8Array.from(data, (char) => char.charCodeAt(0) & 0xff)));
      terminal.onResize((size) => {
        clearTimeout(resizeTimer);
        // A session that ended meanwhile has nothing to resize; the output stream says it ended.
        resizeTimer = setTimeout(() => void api.consoles.resize(opened.session, size).catch(() => undefined), 100);
      });
      observer = new ResizeObserver(() => fit.fit());
      observer.observe(element);
      terminal.focus();

      try {
        await api.consoles.readOutput(opened.session, {
          signal: reading.signal,
          onData: (bytes) => {
            if (!disposed) terminal.write(bytes);
          },
        });
      } catch (error) {
        if (disposed || isAbort(error)) return;
        keys.close();
        setPhase({ kind: "failed", message: errorMessage(error), opened });
        return;
      }
      // The stream ends when the session has ended; its status then holds the exit code.
      keys.close();
      terminal.options.disableStdin = true;
      terminal.options.cursorBlink = false;
      const status = await api.consoles.get(opened.session).catch(() => null);
      if (!disposed) setPhase({ kind: "ended", opened, exitCode: status?.exitCode ?? null });
    };

    // React's development StrictMode mounts, unmounts and mounts again at once: only the mount that
    // stays opens a session.
    const starting = setTimeout(() => void run(), 0);
    // A closing tab runs no effect cleanup; the aborted stream ends the session, and this says so
    // explicitly in case a proxy keeps the connection open.
    const hangUp = () => {
      if (session) void api.consoles.end(session, { keepalive: true });
    };
    window.addEventListener("pagehide", hangUp);
    return () => {
      disposed = true;
      clearTimeout(starting);
      clearTimeout(resizeTimer);
      window.removeEventListener("pagehide", hangUp);
      reading.abort();
      sender?.close();
      observer?.disconnect();
      hangUp();
      term?.dispose();
    };
  }, [reference, generation]);

  const opened = phase.kind === "starting" ? null : phase.opened;
  const argv = splitCommandLine(commandText);
  // While a session is open, its own line; otherwise the line the next session will run.
  const command =
    phase.kind === "open"
      ? phase.opened.command
      : dockerExecCommand({
          container: opened?.container.name || label,
          command: argv.length ? argv : ["sh"],
          tty: true,
          interactive: true,
        });
  const restart = ({ command: next }: { command: string[] }) => {
    commandRef.current = next;
    setGeneration((value) => value + 1);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <ConsoleState phase={phase} />
        {phase.kind === "open" ? (
          <Button size="sm" variant="secondary" data-testid="console-end" onClick={() => void api.consoles.end(phase.opened.session)}>
            End session
          </Button>
        ) : null}
        {phase.kind === "ended" || phase.kind === "failed" ? (
          <form
            className="flex items-center gap-2"
            aria-label="New console session"
            onSubmit={(event) => void form.handleSubmit(restart)(event)}
          >
            <label htmlFor="console-command" className="text-sm text-slate-600">
              Command
            </label>
            <input
              id="console-command"
              aria-invalid={!form.formState.isValid}
              className={inputClass(!form.formState.isValid, "w-40 py-1 font-mono")}
              spellCheck={false}
              {...form.register("command")}
            />
            <Button size="sm" variant="primary" type="submit" disabled={!form.formState.isValid} data-testid="console-new">
              New session
            </Button>
          </form>
        ) : null}
        <div className="ml-auto min-w-72 flex-1 sm:max-w-md">
          <CliCommand command={command} testId="cli-exec" />
        </div>
      </div>

      {phase.kind === "failed" ? (
        <Notice
          tone="error"
          title={phase.opened ? "The console connection broke" : "The console could not be opened"}
          testId="console-error"
        >
          {phase.message}
        </Notice>
      ) : null}
      {inputProblem && phase.kind === "open" ? (
        <Notice tone="warning" title="Some input did not reach the shell" testId="console-input-error">
          {inputProblem}
        </Notice>
      ) : null}

      <div className="rounded-lg p-2" style={{ background: THEME.background }}>
        <div
          ref={host}
          data-testid="console-terminal"
          aria-label={`Console of ${opened?.container.name || label}`}
          className="h-[28rem] w-full"
        />
      </div>
      <p className="text-xs text-slate-500">
        A shell inside the container, as <code className="font-mono">docker exec -it</code> opens it. Leaving this page or closing the tab
        ends the session and hangs up what runs in it.
      </p>
    </div>
  );
}

function ConsoleState({ phase }: { phase: Phase }) {
  const text =
    phase.kind === "starting"
      ? "Connecting…"
      : phase.kind === "open"
        ? "Connected"
        : phase.kind === "ended"
          ? `Session ended, exit code ${phase.exitCode ?? "unknown"}`
          : "Not connected";
  const dot = phase.kind === "open" ? "bg-emerald-500" : phase.kind === "starting" ? "bg-amber-400" : "bg-slate-400";
  const execId = phase.kind === "starting" ? null : phase.opened?.execId;
  return (
    <p className="flex items-center gap-2 text-sm text-slate-700" role="status">
      <span className={`size-2 rounded-full ${dot}`} aria-hidden />
      <span data-testid="console-status">{text}</span>
      {execId ? (
        <span className="font-mono text-xs text-slate-400" title={`Exec ID ${execId}`} data-testid="console-exec-id" data-exec-id={execId}>
          exec {execId.slice(0, 12)}
        </span>
      ) : null}
    </p>
  );
}
