"use client";

import { useState } from "react";
import { Badge } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { usePageEngine } from "@/app/_components/engine-context";
import { switchEngine } from "@/app/_lib/engine-switch";
import { ListTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { RowMenu } from "@/app/_components/row-menu";
import { useToast } from "@/app/_components/toast";
import { errorMessage, type EngineView } from "@/app/_lib/api-client";
import { useEngines } from "@/app/_lib/hooks/use-engines";
import { hasRole, type Role } from "@/lib/auth/roles";
import { dockerCommand } from "@/lib/cli/command";
import { dockerContextCreateCommand, dockerContextRemoveCommand, dockerContextUpdateCommand } from "@/lib/engines/host";
import { AddEngineForm } from "./add-engine-form";
import { EditEngineDialog, RemoveEngineDialog, TestEngineDialog } from "./engine-dialogs";
import { contextArgs, EngineStateBadge } from "./engine-facts";

type DialogState = { kind: "edit" | "remove" | "test"; engine: EngineView } | null;

/**
 * Every engine with its state and facts; a row's menu switches to it, tests it, and (admins)
 * edits or removes it. Admins add engines above the list.
 */
export function EnginesView({ role }: { role: Role }) {
  const toast = useToast();
  const current = usePageEngine();
  const { data, error, isLoading } = useEngines();
  const [dialog, setDialog] = useState<DialogState>(null);
  const admin = hasRole(role, "admin");
  const engines = data?.engines ?? [];

  const switchTo = (engine: EngineView) =>
    void switchEngine(engine.id).catch((caught: unknown) => toast(`Could not switch to ${engine.name}: ${errorMessage(caught)}`, "error"));

  return (
    <div className="space-y-5">
      {admin ? (
        <AddEngineForm onSwitch={switchTo} />
      ) : (
        <p data-testid="engines-admin-only" className="text-sm text-slate-500">
          Only admins add, test, change or remove engines; you can switch between them (your choice is yours alone).
        </p>
      )}

      {error ? (
        <Notice tone="error" title="Cannot read the engines">
          {errorMessage(error)}
        </Notice>
      ) : null}

      <ListTable
        label="Engines"
        columns={[
          "Name",
          { label: "Host", hideBelow: "md" },
          { label: "State" },
          { label: "Version", hideBelow: "sm" },
          { label: "API", hideBelow: "lg" },
          { label: "OS", hideBelow: "xl" },
          { label: "Storage driver", hideBelow: "lg" },
        ]}
        below={
          <>
            {isLoading && !data ? (
              <p data-testid="engines-loading" className="px-4 py-10 text-center text-sm text-slate-500">
                Loading the engines: each is asked for its state…
              </p>
            ) : null}
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
              {engines.length} engine{engines.length === 1 ? "" : "s"}. The default engine is the server&apos;s DOCKER_HOST: change it where
              the server is started.
            </p>
          </>
        }
      >
        {engines.map((engine) => {
          const isCurrent = engine.id === current.id;
          return (
            <tr key={engine.id} data-testid="engine-row" data-engine={engine.id} data-name={engine.name} data-state={engine.state}>
              <td className="py-2 pr-3 pl-4">
                <span className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium break-all">{engine.name}</span>
                  {engine.default ? (
                    <Badge tone="gray" title="The engine at the server's DOCKER_HOST">
                      default
                    </Badge>
                  ) : null}
                  {isCurrent ? (
                    <Badge tone="blue" testId="engine-current" title="The engine every page works on now">
                      current
                    </Badge>
                  ) : null}
                  {engine.kind === "podman" ? <Badge tone="violet">podman</Badge> : null}
                </span>
                {/* Where Host gave way (phones), the row still says where it is. */}
                <span className="block font-mono text-xs break-all text-slate-500 md:hidden">{engine.host}</span>
                {engine.state === "down" ? (
                  <span data-testid="engine-error" className="mt-0.5 block max-w-md text-xs break-words text-red-700">
                    {engine.error}
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <span className="font-mono text-xs break-all">{engine.host}</span>
                {engine.tls ? (
                  <span className="ml-1.5">
                    <Badge tone="gray" title="TLS material is stored sealed; it is never shown">
                      TLS
                    </Badge>
                  </span>
                ) : null}
                {engine.sshHostKey ? (
                  <span className="block font-mono text-[11px] break-all text-slate-400" title="The pinned ssh host key">
                    {engine.sshHostKey}
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <EngineStateBadge engine={engine} />
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap" data-testid="engine-version">
                {engine.version ?? "—"}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{engine.apiVersion ?? "—"}</td>
              <td className="px-3 py-2 text-xs">{engine.os ?? "—"}</td>
              <td className="px-3 py-2 font-mono text-xs">{engine.storageDriver ?? "—"}</td>
              <td className="py-1.5 pr-4 pl-3 text-right whitespace-nowrap">
                <RowMenu
                  label={engine.name}
                  role={role}
                  items={[
                    {
                      key: "switch",
                      label: isCurrent ? "Current engine" : "Switch to",
                      disabled: isCurrent,
                      command: dockerCommand(["context", "use", engine.default ? "default" : engine.name]),
                      onSelect: () => switchTo(engine),
                    },
                    {
                      key: "test",
                      label: "Test…",
                      needs: "admin",
                      command: dockerCommand([...contextArgs(engine), "version"]),
                      onSelect: () => setDialog({ kind: "test", engine }),
                    },
                    ...(engine.default
                      ? []
                      : [
                          {
                            key: "edit",
                            label: "Edit…",
                            needs: "admin" as const,
                            command: dockerContextUpdateCommand({ name: engine.name, host: engine.host, tls: engine.tls }),
                            onSelect: () => setDialog({ kind: "edit", engine }),
                          },
                          {
                            key: "remove",
                            label: "Remove…",
                            needs: "admin" as const,
                            danger: true,
                            command: dockerContextRemoveCommand(engine.name),
                            onSelect: () => setDialog({ kind: "remove", engine }),
                          },
                        ]),
                  ]}
                />
              </td>
            </tr>
          );
        })}
      </ListTable>

      {engines.some((engine) => !engine.default) ? (
        <div className="space-y-1.5">
          <p className="text-xs font-medium text-slate-500">The same engines for the docker CLI</p>
          {engines
            .filter((engine) => !engine.default)
            .map((engine) => (
              <CliCommand
                key={engine.id}
                wrap
                testId="engine-context-command"
                command={dockerContextCreateCommand({ name: engine.name, host: engine.host, tls: engine.tls })}
              />
            ))}
        </div>
      ) : null}

      {dialog?.kind === "edit" ? <EditEngineDialog engine={dialog.engine} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "remove" ? (
        <RemoveEngineDialog engine={dialog.engine} current={dialog.engine.id === current.id} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === "test" ? <TestEngineDialog engine={dialog.engine} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
