import { clsx } from "clsx";
import Link from "next/link";
import { PairTable } from "@/app/_components/list-table";
import { renderCommand } from "@/lib/cli/command";
import type { ImageConfigView } from "@/lib/images/types";
import { formatTimestamp, formatNanoseconds } from "@/lib/format/time";
import { imagePath, shortDigest } from "@/lib/format/image";

function execForm(argv: string[] | null): string | null {
  return argv ? JSON.stringify(argv) : null;
}

function Empty({ children = "not set" }: { children?: React.ReactNode }) {
  return <span className="text-slate-400 italic">{children}</span>;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-x-3 gap-y-0.5 py-1.5 sm:grid-cols-[9rem_1fr]">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

function Card({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={clsx("rounded-lg border border-slate-200 bg-white", className)}>
      <h3 className="border-b border-slate-100 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      <div className="px-4 py-2">{children}</div>
    </div>
  );
}

function Mono({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[13px]">{children}</code>;
}

/** The image config as a reader wants it: what runs, with what environment, exposing what. */
export function ImageConfig({ config }: { config: ImageConfigView }) {
  const env = config.env.map((entry) => {
    const equals = entry.indexOf("=");
    return equals === -1 ? ([entry, ""] as const) : ([entry.slice(0, equals), entry.slice(equals + 1)] as const);
  });
  const labels = Object.entries(config.labels).sort(([a], [b]) => a.localeCompare(b));
  const platform = [config.os, config.architecture, config.variant].filter(Boolean).join("/");

  return (
    <div data-testid="image-config" className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
      <Card title="Start command" className="lg:col-span-2">
        <dl className="divide-y divide-slate-100">
          <Row label="Entrypoint">{config.entrypoint ? <Mono>{execForm(config.entrypoint)}</Mono> : <Empty />}</Row>
          <Row label="Cmd">{config.cmd ? <Mono>{execForm(config.cmd)}</Mono> : <Empty />}</Row>
          <Row label="Runs as">
            {config.startCommand ? (
              <code
                data-testid="start-command"
                className="inline-block rounded bg-slate-900 px-2.5 py-1 font-mono text-[13px] text-emerald-300"
              >
                {renderCommand(config.startCommand)}
              </code>
            ) : (
              <Empty>nothing: a container needs a command at docker run</Empty>
            )}
            <p className="mt-1 text-xs text-slate-500">
              {config.entrypoint
                ? "ENTRYPOINT runs, and CMD becomes ENTRYPOINT's arguments (arguments given to docker run replace CMD)."
                : "No ENTRYPOINT, so CMD is the whole command (CMD becomes ENTRYPOINT's arguments when there is one)."}
            </p>
          </Row>
          <Row label="Working dir">{config.workingDir ? <Mono>{config.workingDir}</Mono> : <Empty>/ (default)</Empty>}</Row>
          <Row label="User">{config.user ? <Mono>{config.user}</Mono> : <Empty>root (default)</Empty>}</Row>
          {config.shell ? (
            <Row label="Shell">
              <Mono>{execForm(config.shell)}</Mono>
            </Row>
          ) : null}
          {config.stopSignal ? (
            <Row label="Stop signal">
              <Mono>{config.stopSignal}</Mono>
            </Row>
          ) : null}
        </dl>
      </Card>

      <Card title={`Environment (${env.length})`}>
        <PairTable pairs={env} empty="no variables" names={["Variable", "Value"]} />
      </Card>

      <Card title="Network and storage">
        <dl className="divide-y divide-slate-100">
          <Row label="Exposed ports">
            {config.exposedPorts.length ? (
              <span className="flex flex-wrap gap-1">
                {config.exposedPorts.map((port) => (
                  <Mono key={port}>{port}</Mono>
                ))}
              </span>
            ) : (
              <Empty>none</Empty>
            )}
          </Row>
          <Row label="Volumes">
            {config.volumes.length ? (
              <span className="flex flex-wrap gap-1">
                {config.volumes.map((volume) => (
                  <Mono key={volume}>{volume}</Mono>
                ))}
              </span>
            ) : (
              <Empty>none</Empty>
            )}
          </Row>
          <Row label="Healthcheck">
            {config.healthcheck ? (
              <span>
                <Mono>{execForm(config.healthcheck.test)}</Mono>
                <span className="mt-1 block text-xs text-slate-500">
                  {[
                    config.healthcheck.interval ? `every ${formatNanoseconds(config.healthcheck.interval)}` : "every 30s (default)",
                    config.healthcheck.timeout ? `timeout ${formatNanoseconds(config.healthcheck.timeout)}` : null,
                    config.healthcheck.startPeriod ? `start period ${formatNanoseconds(config.healthcheck.startPeriod)}` : null,
                    config.healthcheck.retries ? `${config.healthcheck.retries} retries` : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
            ) : (
              <Empty>none</Empty>
            )}
          </Row>
          <Row label="OnBuild">
            {config.onBuild.length ? (
              <span className="flex flex-col gap-1">
                {config.onBuild.map((trigger, index) => (
                  <Mono key={index}>{trigger}</Mono>
                ))}
                <span className="text-xs text-slate-500">Runs in the build of any image FROM this one.</span>
              </span>
            ) : (
              <Empty>none</Empty>
            )}
          </Row>
        </dl>
      </Card>

      <Card title={`Labels (${labels.length})`}>
        <PairTable pairs={labels} empty="no labels" names={["Label", "Value"]} />
      </Card>

      <Card title="Platform and provenance">
        <dl className="divide-y divide-slate-100">
          <Row label="OS/arch">
            <Mono>{platform}</Mono>
          </Row>
          <Row label="Repo digests">
            {config.repoDigests.length ? (
              <span className="flex flex-col gap-1">
                {config.repoDigests.map((digest) => (
                  <code key={digest} className="font-mono text-xs break-all">
                    {digest}
                  </code>
                ))}
              </span>
            ) : (
              <Empty>none: never pushed or pulled by digest</Empty>
            )}
          </Row>
          <Row label="Parent">
            {config.parent ? (
              <Link href={imagePath(config.parent)} className="font-mono text-sky-700 hover:underline" title={config.parent}>
                {shortDigest(config.parent)}
              </Link>
            ) : (
              <Empty>none (built elsewhere, pulled or loaded)</Empty>
            )}
          </Row>
          <Row label="Author">{config.author || <Empty />}</Row>
          <Row label="Comment">{config.comment || <Empty />}</Row>
          <Row label="Built with">{config.dockerVersion ? `Docker ${config.dockerVersion}` : <Empty>unknown (e.g. BuildKit)</Empty>}</Row>
          <Row label="Created">{formatTimestamp(config.created)}</Row>
        </dl>
      </Card>
    </div>
  );
}
