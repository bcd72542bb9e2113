"use client";

import { useEffect, useRef, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { ListTable } from "@/app/_components/list-table";
import { RoleButton } from "@/app/_components/role-button";
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
        columns={["Address", "Username", "Password", "Created", "Updated"]}
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
            <td className="py-2 pr-3 pl-4 font-mono font-medium">{registry.address}</td>
            <td className="px-3 py-2">{registry.username}</td>
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
              <Button
                size="sm"
                variant="ghost"
                aria-pressed={browsing === registry.id}
                onClick={() => setBrowsing(browsing === registry.id ? null : registry.id)}
                aria-label={`Browse ${registry.address}`}
              >
                Browse
              </Button>
              <RoleButton
                role={role}
                needs="admin"
                size="sm"
                variant="ghost"
                onClick={() => setDialog({ kind: "test", registry })}
                aria-label={`Test login to ${registry.address}`}
              >
                Test login
              </RoleButton>
              <RoleButton
                role={role}
                needs="admin"
                size="sm"
                variant="ghost"
                onClick={() => setDialog({ kind: "edit", registry })}
                aria-label={`Edit ${registry.address}`}
              >
                Edit
              </RoleButton>
              <RoleButton
                role={role}
                needs="admin"
                size="sm"
                variant="ghost-danger"
                onClick={() => setDialog({ kind: "delete", registry })}
                aria-label={`Delete ${registry.address}`}
              >
                Delete
              </RoleButton>
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
