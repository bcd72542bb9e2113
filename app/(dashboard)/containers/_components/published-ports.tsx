"use client";

import { clsx } from "clsx";
import { useSyncExternalStore } from "react";
import { useEngine } from "@/app/_lib/hooks/use-engine";
import { publishedPortUrl, uniquePublishedPorts, type PublishedPort } from "@/lib/containers/published-ports";

const UNKNOWN_ENGINE = { reachable: false as const, dockerHost: "", error: "" };
const noSubscription = () => () => undefined;

/** The host name the browser used for the dashboard; "" while rendering on the server. */
function usePageHost(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.hostname,
    () => "",
  );
}

function bindingText(port: PublishedPort): string {
  const ip =
    port.hostIp && port.hostIp !== "0.0.0.0" && port.hostIp !== "::"
      ? port.hostIp.includes(":")
        ? `[${port.hostIp}]:`
        : `${port.hostIp}:`
      : "";
  return `${ip}${port.hostPort} → ${port.containerPort}/${port.protocol}`;
}

/**
 * A container's published ports, each a link to `http://host:port` where a browser can reach it
 * (lib/containers/published-ports.ts decides the host); plain text where none can be told (UDP,
 * a port bound to the engine machine's loopback seen from elsewhere). For the detail page and the
 * list (`compact`: one line).
 *
 * @example <PublishedPorts ports={publishedFromSummary(container.ports)} compact />
 */
export function PublishedPorts({
  ports,
  compact = false,
  empty = null,
}: {
  ports: readonly PublishedPort[];
  compact?: boolean;
  empty?: React.ReactNode;
}) {
  // The header's engine pill polls this key; this reads the same answer.
  const { dockerHost } = useEngine(UNKNOWN_ENGINE);
  const pageHost = usePageHost();
  const shown = uniquePublishedPorts(ports);
  if (shown.length === 0) return <>{empty}</>;
  return (
    <span
      className={clsx("flex font-mono text-[13px]", compact ? "flex-wrap gap-x-3 gap-y-0.5" : "flex-col gap-0.5")}
      data-testid="published-ports"
    >
      {shown.map((port) => {
        const url = publishedPortUrl(port, { dockerHost, pageHost });
        const key = `${port.hostIp}-${port.hostPort}-${port.containerPort}-${port.protocol}`;
        return url ? (
          <a
            key={key}
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="published-port-link"
            title={`Open ${url} (container port ${port.containerPort}/${port.protocol})`}
            className="break-all text-sky-700 hover:underline"
          >
            {bindingText(port)} ↗
          </a>
        ) : (
          <span
            key={key}
            data-testid="published-port"
            className="break-all"
            title={
              port.protocol !== "tcp" ? "not HTTP: no link" : "bound to the engine machine's own loopback: not reachable from this browser"
            }
          >
            {bindingText(port)}
          </span>
        );
      })}
    </span>
  );
}
