import { Badge } from "@/app/_components/badge";
import type { EngineView } from "@/app/_lib/api-client";

/** The docker CLI's options that reach this engine: its context, or none (DOCKER_HOST) for the default one. */
export function contextArgs(engine: Pick<EngineView, "name" | "default">): string[] {
  return engine.default ? [] : ["--context", engine.name];
}

/** Why an engine is down, in a word a person reads (the sentence is in `error`). */
const REASON_LABEL: Record<NonNullable<EngineView["reason"]>, string> = {
  refused: "connection refused",
  tls: "TLS error",
  timeout: "timed out",
  "not-docker": "not a Docker API",
  authentication: "authentication failed",
  unreachable: "unreachable",
};

/** Up (green) or down (red, with the reason in a word). */
export function EngineStateBadge({ engine }: { engine: Pick<EngineView, "state" | "reason" | "error"> }) {
  return engine.state === "up" ? (
    <Badge tone="green" testId="engine-state">
      up
    </Badge>
  ) : (
    <Badge tone="red" testId="engine-state" title={engine.error}>
      down{engine.reason ? `: ${REASON_LABEL[engine.reason]}` : ""}
    </Badge>
  );
}

/** What the engine said about itself, or why it could not be asked. */
export function EngineFacts({ engine }: { engine: EngineView }) {
  if (engine.state === "down") {
    return (
      <p data-testid="engine-error" className="text-xs break-words text-red-800">
        {engine.error ?? "The engine did not answer."}
      </p>
    );
  }
  const facts: [string, string | undefined][] = [
    ["Kind", engine.kind],
    ["Version", engine.version],
    ["API", engine.apiVersion],
    ["OS", engine.os],
    ["Storage", engine.storageDriver],
  ];
  return (
    <dl data-testid="engine-facts" className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {facts.map(([label, value]) => (
        <div key={label} className="flex gap-1">
          <dt className="text-slate-500">{label}</dt>
          <dd className="font-mono text-slate-800">{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}
