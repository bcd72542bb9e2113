"use client";

import Link from "next/link";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Notice } from "@/app/_components/notice";
import { api } from "@/app/_lib/api-client";
import { useContainer } from "@/app/_lib/hooks/use-containers";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { dockerContainerActionCommand } from "@/lib/cli/command";
import { containerLabel, containerPath } from "../../../_components/container-format";
import { ConsoleTerminal } from "./console-terminal";

/**
 * The Console tab: a shell is a process inside the running container, so a container that is not
 * running gets a clear "not running — start it?" instead of a terminal that cannot connect. Once
 * it runs (started here or elsewhere: the inspect data is polled), the terminal opens.
 */
export function ConsolePanel({ reference }: { reference: string }) {
  const { data, mutate } = useContainer(reference);
  const wake = useAction((action: "start" | "unpause") => api.containers.act(reference, action), {
    invalidates: ["containers"],
    onSuccess: () => void mutate(),
  });
  // The layout shows the loading and error states.
  if (!data) return null;
  const label = containerLabel(data);
  if (data.state.running && !data.state.paused) return <ConsoleTerminal reference={reference} label={label} />;

  const paused = data.state.paused;
  const action = paused ? "unpause" : "start";
  const exited = data.state.finishedAt !== null && !data.state.running;
  return (
    <div className="space-y-3" data-testid="console-not-running">
      <Notice tone="info" title={paused ? `${label} is paused` : `${label} is not running`}>
        <p>
          {paused
            ? "Its processes are frozen, so a shell could not run in it. Unpause it to open the console."
            : `A console is a shell started inside the container, so it needs the container running${
                exited ? ` (it exited with code ${data.state.exitCode})` : ` (it is ${data.state.status})`
              }. Start it to open the console.`}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <Button variant="primary" size="sm" data-testid="console-start" disabled={wake.running} onClick={() => void wake.start(action)}>
            {wake.running
              ? paused
                ? "Unpausing…"
                : "Starting…"
              : paused
                ? "Unpause and open the console"
                : "Start it and open the console"}
          </Button>
          {!paused ? (
            <Link href={containerPath(reference, "logs")} className="text-sm underline">
              See its logs
            </Link>
          ) : null}
        </div>
      </Notice>
      {wake.error ? (
        <Notice tone="error" title={`The container could not ${action}`} testId="console-start-error">
          {wake.error}
        </Notice>
      ) : null}
      <div className="max-w-xl">
        <CliCommand command={dockerContainerActionCommand({ action, container: label })} testId="cli-start" />
      </div>
    </div>
  );
}
