"use client";

import { useEffect, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { ListTable } from "@/app/_components/list-table";
import { RowMenu } from "@/app/_components/row-menu";
import { dockerCommand, dockerLoginCommand } from "@/lib/cli/command";
import { errorMessage } from "@/app/_lib/api-client";
import { useRegistries } from "@/app/_lib/hooks/use-registries";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { RegistryView } from "@/lib/registries/types";
import { AddRegistryForm } from "./add-registry-form";
import { RegistryBrowser } from "./registry-browser";
import { DeleteRegistryDialog, EditRegistryDialog, TestLoginDialog } from "./registry-dialogs";

type DialogState = { kind: "edit" | "delete" | "test"; registry: RegistryView } | null;

/** Saved registries with their actions; admins also add, edit, test and delete them. */
export function RegistriesView({ fallback, role }: { fallback: RegistryView[]; role: Role }) {
  const { data, error } = useRegistries({ fallbackData: { registries: fallback } });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [browsing, setBrowsing] = useState<string | null>(null);
  const browserRef = useRef<HTMLDivElement>(null);
  const registries = data?.registries ?? fallback;
  const admin = hasRole(role, "admin");
  const browsed = registries.find((registry) => registry.id === browsing) ?? null;

  useEffect(() => {
    if (browsing) browserRef.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }, [browsing]);

  return (
    <div className="space-y-5">
      {admin ? (
        <AddRegistryForm />
      ) : (
        <p className="text-sm text-slate-500">
          Only admins can add, change or test saved credentials; you can browse the registries and pull from them.
        </p>
      )}

      {error ? (
        <Notice tone="error" title="Cannot refresh the registries">
          {errorMessage(error)}
        </Notice>
      ) : null}

      <ListTable
        label="Registries"
        columns={[
          "Address",
          { label: "Username", hideBelow: "sm" },
          { label: "Password", hideBelow: "md" },
          { label: "Created", hideBelow: "lg" },
          { label: "Updated", hideBelow: "md" },
        ]}
        below={
          <>
            {registries.length === 0 ? (
              <div data-testid="registries-empty" className="px-4 py-10 text-center text-sm text-slate-500">
                No registry saved yet. Pulls and pushes are anonymous until one is{admin ? ": add it above." : "; ask an admin to add it."}
              </div>
            ) : null}
            <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
              {registries.length} registr{registries.length === 1 ? "y" : "ies"}. A pull or push uses the credentials saved for exactly the
              registry its reference names; without any it goes anonymous.
            </p>
          </>
        }
      >
        {registries.map((registry) => (
          <tr
            key={registry.id}
            data-testid="registry-row"
            data-address={registry.address}
            className={browsing === registry.id ? "bg-sky-50/50" : undefined}
          >
            <td className="py-2 pr-3 pl-4">
              <span className="font-mono font-medium break-all">{registry.address}</span>
              {/* Where Username gave way (phones), the row still says whose credentials these are. */}
              <span className="block text-xs text-slate-500 sm:hidden">as {registry.username}</span>
            </td>
            <td className="px-3 py-2 break-all">{registry.username}</td>
            <td className="px-3 py-2">
              <Badge tone="gray" title="Encrypted at rest; no API or page ever returns it">
                sealed
              </Badge>
            </td>
            <td className="px-3 py-2 whitespace-nowrap text-slate-600">
              <RelativeTime time={registry.createdAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap text-slate-600">
              <RelativeTime time={registry.updatedAt} />
            </td>
            <td className="py-1.5 pr-4 pl-3 text-right whitespace-nowrap">
              <RowMenu
                label={registry.address}
                role={role}
                items={[
                  {
                    key: "browse",
                    label: browsing === registry.id ? "Close browser" : "Browse",
                    onSelect: () => setBrowsing(browsing === registry.id ? null : registry.id),
                  },
                  {
                    key: "test",
                    label: "Test login…",
                    needs: "admin",
                    command: dockerLoginCommand({ registry: registry.address, username: registry.username }),
                    onSelect: () => setDialog({ kind: "test", registry }),
                  },
                  { key: "edit", label: "Edit…", needs: "admin", onSelect: () => setDialog({ kind: "edit", registry }) },
                  {
                    key: "delete",
                    label: "Delete…",
                    needs: "admin",
                    danger: true,
                    command: dockerCommand(["logout", registry.address]),
                    onSelect: () => setDialog({ kind: "delete", registry }),
                  },
                ]}
              />
            </td>
          </tr>
        ))}
      </ListTable>

      <div ref={browserRef} className="scroll-mt-20">
        {browsed ? <RegistryBrowser key={browsed.id} registry={browsed} role={role} onClose={() => setBrowsing(null)} /> : null}
      </div>

      {dialog?.kind === "edit" ? <EditRegistryDialog registry={dialog.registry} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === "delete" ? (
        <DeleteRegistryDialog
          registry={dialog.registry}
          // Once deleted it leaves the list, and with it the browser (see `browsed`).
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === "test" ? <TestLoginDialog registry={dialog.registry} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
