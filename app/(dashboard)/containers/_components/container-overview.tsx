"use client";

import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { PairTable } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import { dockerContainerInspectCommand, renderCommand } from "@/lib/cli/command";
import { publishedFromInspect } from "@/lib/containers/published-ports";
import { currentHealth } from "@/lib/containers/state";
import type { ContainerDetail } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { formatTimestamp } from "@/lib/format/time";
import { containerLabel, healthTone } from "./container-format";
import { ContainerMounts } from "./container-mounts";
import { ContainerStatsPanel } from "./container-stats";
import { PublishedPorts } from "./published-ports";
import { useContainer } from "@/app/_lib/hooks/use-containers";

function None({ children = "none" }: { children?: React.ReactNode }) {
  return <span className="text-slate-400 italic">{children}</span>;
}

function Code({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <code data-testid={testId} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px] break-all">
      {children}
    </code>
  );
}

function CodeList({ items, prefix = "" }: { items: string[]; prefix?: string }) {
  if (items.length === 0) return <None />;
  return (
    <span className="flex flex-wrap gap-1">
      {items.map((item) => (
        <Code key={item}>
          {prefix}
          {item}
        </Code>
      ))}
    </span>
  );
}

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-3 py-1.5">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd data-testid={testId} className="min-w-0 text-sm break-words">
        {children}
      </dd>
    </div>
  );
}

function Panel({ title, children, className, testId }: { title: string; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <section data-testid={testId} className={clsx("min-w-0 rounded-lg border border-slate-200 bg-white", className)}>
      <h2 className="border-b border-slate-100 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
      <div className="px-4 py-2">{children}</div>
    </section>
  );
}

function When({ time }: { time: string | null }) {
  if (!time) return <None>never</None>;
  return (
    <span>
      <RelativeTime time={time} /> <span className="text-xs text-slate-500">({formatTimestamp(time)})</span>
    </span>
  );
}

function splitEnv(entry: string): [string, string] {
  const equals = entry.indexOf("=");
  return equals === -1 ? [entry, ""] : [entry.slice(0, equals), entry.slice(equals + 1)];
}

/** The Overview tab: `docker container inspect`, grouped the way a reader asks about a container. */
export function ContainerOverview({ reference }: { reference: string }) {
  const { data } = useContainer(reference);
  // The layout shows the loading and error states.
  if (!data) return null;
  return <OverviewBody detail={data} />;
}

function OverviewBody({ detail }: { detail: ContainerDetail }) {
  const { state, config, hostConfig, network, mounts } = detail;
  const labels = Object.entries(config.labels).sort(([a], [b]) => a.localeCompare(b));
  const healthNow = currentHealth(state);
  return (
    <div className="space-y-4">
      <CliCommand command={dockerContainerInspectCommand({ container: containerLabel(detail) })} testId="cli-inspect" />

      <ContainerStatsPanel id={detail.id} label={containerLabel(detail)} running={state.running && !state.paused} />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Panel title="Process" className="lg:col-span-2" testId="container-process-panel">
          <dl className="divide-y divide-slate-100">
            <Fact label="Runs">
              {detail.process.length ? (
                <code
                  data-testid="container-process"
                  className="inline-block rounded bg-slate-900 px-2.5 py-1 font-mono text-[13px] break-all text-emerald-300"
                >
                  {renderCommand(detail.process)}
                </code>
              ) : (
                <None />
              )}
              <p className="mt-1 text-xs text-slate-500">
                {config.entrypoint?.length
                  ? "The entrypoint, followed by the command as its arguments."
                  : "No entrypoint: the command is the whole process."}
              </p>
            </Fact>
            <Fact label="Entrypoint">{config.entrypoint?.length ? <Code>{JSON.stringify(config.entrypoint)}</Code> : <None />}</Fact>
            <Fact label="Command">{config.cmd?.length ? <Code>{JSON.stringify(config.cmd)}</Code> : <None />}</Fact>
            <Fact label="Working dir" testId="container-workdir">
              {config.workingDir ? <Code>{config.workingDir}</Code> : <None>/ (default)</None>}
            </Fact>
            <Fact label="User">{config.user ? <Code>{config.user}</Code> : <None>root (default)</None>}</Fact>
            <Fact label="PID">{state.running ? <span className="tabular-nums">{state.pid}</span> : <None>not running</None>}</Fact>
            <Fact label="Terminal">
              {config.tty ? "TTY (-t)" : "no TTY"}, {config.openStdin ? "stdin kept open (-i)" : "stdin closed"}
            </Fact>
            <Fact label="Hostname">
              <Code>{config.hostname}</Code>
            </Fact>
            {config.stopSignal ? (
              <Fact label="Stop signal">
                <Code>{config.stopSignal}</Code>
              </Fact>
            ) : null}
          </dl>
        </Panel>

        <Panel title="State" testId="container-state-panel">
          <dl className="divide-y divide-slate-100">
            <Fact label="Status" testId="state-status">
              {state.status}
              {state.restarting ? " (restarting)" : null}
            </Fact>
            <Fact label="Started">
              <When time={state.startedAt} />
            </Fact>
            <Fact label="Finished">{state.running ? <None>still running</None> : <When time={state.finishedAt} />}</Fact>
            <Fact label="Exit code" testId="state-exit-code">
              {state.running || !state.finishedAt ? <None>—</None> : <span className="tabular-nums">{state.exitCode}</span>}
            </Fact>
            <Fact label="OOM killed">{state.oomKilled ? <Badge tone="red">yes: the kernel killed it for memory</Badge> : "no"}</Fact>
            <Fact label="Error">{state.error ? <span className="text-red-700">{state.error}</span> : <None />}</Fact>
            <Fact label="Restart policy" testId="restart-policy">
              <Code>{hostConfig.restartPolicy}</Code>
              {hostConfig.autoRemove ? <span className="ml-2 text-xs text-slate-500">removed when it stops (--rm)</span> : null}
            </Fact>
            <Fact label="Sizes">
              {detail.sizeRw === null ? "—" : formatBytes(detail.sizeRw)} writable
              <span className="text-slate-500"> · {detail.sizeRootFs === null ? "—" : formatBytes(detail.sizeRootFs)} virtual</span>
            </Fact>
          </dl>
        </Panel>

        <Panel title="Health" testId="container-health-panel">
          {state.health ? (
            <div className="space-y-2 py-1">
              {healthNow ? (
                <p className="flex items-center gap-2 text-sm" data-testid="health-now">
                  <Badge tone={healthTone(healthNow)}>{healthNow}</Badge>
                  <span className="text-slate-600">
                    {state.health.failingStreak} failing check{state.health.failingStreak === 1 ? "" : "s"} in a row
                  </span>
                </p>
              ) : (
                <p className="text-sm text-slate-600" data-testid="health-idle">
                  {state.paused ? "Paused: " : "Not running: "}
                  no checks run now.
                  {state.health.log.length ? " The last checks before it stopped:" : null}
                </p>
              )}
              {state.health.log.length ? (
                <ol className="divide-y divide-slate-100 rounded border border-slate-100 text-xs">
                  {state.health.log.slice(-5).map((entry) => (
                    <li key={entry.start} className="space-y-0.5 px-2.5 py-1.5">
                      <div className="flex gap-2">
                        <span className="text-slate-500">{formatTimestamp(entry.start)}</span>
                        <Badge tone={entry.exitCode === 0 ? "green" : "red"}>exit {entry.exitCode}</Badge>
                      </div>
                      {entry.output.trim() ? (
                        <pre className="font-mono break-all whitespace-pre-wrap text-slate-700">{entry.output.trim()}</pre>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : healthNow ? (
                <p className="text-sm">
                  <None>no check has run yet</None>
                </p>
              ) : null}
            </div>
          ) : (
            <p className="py-1 text-sm">
              <None>no healthcheck (the image has no HEALTHCHECK)</None>
            </p>
          )}
        </Panel>

        <Panel title={`Environment (${config.env.length})`} testId="container-env-panel">
          <PairTable pairs={config.env.map(splitEnv)} empty="no variables" names={["Variable", "Value"]} testId="container-env" />
        </Panel>

        <Panel title={`Mounts (${mounts.length})`} testId="container-mounts">
          <ContainerMounts mounts={mounts} />
        </Panel>

        <Panel title="Network" testId="container-network">
          <dl className="divide-y divide-slate-100">
            <Fact label="Mode">
              <Code>{hostConfig.networkMode || "default"}</Code>
            </Fact>
            <Fact label="IP address">{network.ipAddress ? <Code>{network.ipAddress}</Code> : <None />}</Fact>
            <Fact label="Gateway">{network.gateway ? <Code>{network.gateway}</Code> : <None />}</Fact>
            <Fact label="MAC address">{network.macAddress ? <Code>{network.macAddress}</Code> : <None />}</Fact>
            <Fact label="Published">
              <PublishedPorts
                ports={publishedFromInspect(network.ports)}
                empty={<None>{state.running ? "none" : "none (ports are published only while it runs)"}</None>}
              />
            </Fact>
            <Fact label="Exposed">
              <CodeList items={config.exposedPorts} />
            </Fact>
            <Fact label="Networks">
              {network.networks.length ? (
                <span className="flex flex-col gap-0.5 text-[13px]">
                  {network.networks.map((entry) => (
                    <span key={entry.name}>
                      <span className="font-medium">{entry.name}</span>
                      {entry.ipAddress ? <span className="ml-2 font-mono text-slate-600">{entry.ipAddress}</span> : null}
                      {entry.gateway ? <span className="ml-2 font-mono text-xs text-slate-400">via {entry.gateway}</span> : null}
                    </span>
                  ))}
                </span>
              ) : (
                <None />
              )}
            </Fact>
          </dl>
        </Panel>

        <Panel title={`Labels (${labels.length})`}>
          <PairTable pairs={labels} empty="no labels" names={["Label", "Value"]} />
        </Panel>

        <Panel title="Host config">
          <dl className="divide-y divide-slate-100">
            <Fact label="Port bindings">
              <CodeList items={hostConfig.portBindings} prefix="-p " />
            </Fact>
            <Fact label="Binds">
              <CodeList items={hostConfig.binds} prefix="-v " />
            </Fact>
            <Fact label="Privileged">
              {hostConfig.privileged ? <Badge tone="red">yes: full access to the host&apos;s devices</Badge> : "no"}
            </Fact>
          </dl>
        </Panel>
      </div>

      <details data-testid="container-raw" className="rounded-lg border border-slate-200 bg-white">
        <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-700">Raw inspect JSON</summary>
        <pre className="max-h-[32rem] overflow-auto border-t border-slate-100 bg-slate-950 px-4 py-3 font-mono text-xs text-slate-200">
          {JSON.stringify(detail.raw, null, 2)}
        </pre>
      </details>
    </div>
  );
}
