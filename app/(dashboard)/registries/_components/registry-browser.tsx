"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { Button } from "@/app/_components/button";
import { Dialog, RemoveFooter } from "@/app/_components/dialog";
import { FormError, inputClass } from "@/app/_components/field";
import { ListTable } from "@/app/_components/list-table";
import { RoleButton } from "@/app/_components/role-button";
import { useToast } from "@/app/_components/toast";
import { api, errorMessage } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { useRegistryRepositories, useRegistryTags } from "@/app/_lib/hooks/use-registries";
import type { Role } from "@/lib/auth/roles";
import type { RegistryView } from "@/lib/registries/types";
import { PullDialog } from "@/app/(dashboard)/images/_components/pull-dialog";

/** The reference the engine pulls a registry's tag by; Docker Hub's needs no host. */
export function registryReference(address: string, repository: string, tag: string): string {
  return address === "docker.io" ? `${repository}:${tag}` : `${address}/${repository}:${tag}`;
}

/**
 * A saved registry's catalog: repositories on the left, the chosen one's tags on the right, each
 * tag with Pull (operator) and Delete (admin).
 */
export function RegistryBrowser({ registry, role, onClose }: { registry: RegistryView; role: Role; onClose: () => void }) {
  const [repository, setRepository] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [pulling, setPulling] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ repository: string; tag: string } | null>(null);
  const repositories = useRegistryRepositories(registry.id);
  const tags = useRegistryTags(registry.id, repository);

  const shown = (repositories.data?.repositories ?? []).filter((name) => name.includes(filter.trim()));

  return (
    <section
      data-testid="registry-browser"
      aria-label={`Browse ${registry.address}`}
      className="rounded-lg border border-slate-200 bg-white"
    >
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h2 className="text-base font-semibold">
            Browse <span className="font-mono">{registry.address}</span>
          </h2>
          <p className="text-xs text-slate-500">
            The registry&apos;s catalog as <span className="font-medium">{registry.username}</span> sees it.
          </p>
        </div>
        <Button size="sm" variant="secondary" onClick={() => void repositories.mutate()}>
          Refresh
        </Button>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close browser">
          Close
        </Button>
      </div>

      <div className="grid min-h-64 grid-cols-1 md:grid-cols-[minmax(14rem,2fr)_5fr]">
        <div className="border-b border-slate-200 md:border-r md:border-b-0">
          <div className="border-b border-slate-100 p-2">
            <input
              type="search"
              aria-label="Filter repositories"
              placeholder="Filter repositories"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              className={inputClass(false, "py-1")}
            />
          </div>
          {repositories.error ? (
            <div className="p-3">
              <FormError>{errorMessage(repositories.error)}</FormError>
            </div>
          ) : !repositories.data ? (
            <p className="px-4 py-6 text-center text-sm text-slate-400">Reading the catalog…</p>
          ) : shown.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">
              {filter ? "No repository matches." : "The registry has no repositories yet."}
            </p>
          ) : (
            <ul aria-label="Repositories" className="max-h-[28rem] overflow-y-auto py-1">
              {shown.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    aria-current={repository === name ? "true" : undefined}
                    onClick={() => setRepository(name)}
                    className={clsx(
                      "block w-full truncate px-4 py-1.5 text-left font-mono text-[13px]",
                      repository === name ? "bg-sky-50 font-semibold text-sky-900" : "text-slate-700 hover:bg-slate-50",
                    )}
                  >
                    {name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="min-w-0">
          {!repository ? (
            <p className="px-4 py-12 text-center text-sm text-slate-500">Choose a repository to see its tags.</p>
          ) : tags.error ? (
            <div className="p-4">
              <FormError>{errorMessage(tags.error)}</FormError>
            </div>
          ) : !tags.data ? (
            <p className="px-4 py-12 text-center text-sm text-slate-400">Reading the tags of {repository}…</p>
          ) : tags.data.tags.length === 0 ? (
            <p className="px-4 py-12 text-center text-sm text-slate-500">
              <span className="font-mono">{repository}</span> has no tags (its last one may have been deleted).
            </p>
          ) : (
            <ListTable columns={["Tag", "Reference"]} framed={false} label={`Tags of ${repository}`}>
              {tags.data.tags.map((tag) => {
                const reference = registryReference(registry.address, repository, tag);
                return (
                  <tr key={tag} data-testid="registry-tag-row" data-tag={tag}>
                    <td className="py-2 pr-3 pl-4 font-mono font-medium">{tag}</td>
                    <td className="max-w-md truncate px-3 py-2 font-mono text-xs text-slate-500" title={reference}>
                      {reference}
                    </td>
                    <td className="py-1.5 pr-4 pl-3 text-right whitespace-nowrap">
                      <RoleButton
                        role={role}
                        needs="operator"
                        size="sm"
                        variant="ghost"
                        onClick={() => setPulling(reference)}
                        aria-label={`Pull ${reference}`}
                      >
                        Pull
                      </RoleButton>
                      <RoleButton
                        role={role}
                        needs="admin"
                        size="sm"
                        variant="ghost-danger"
                        onClick={() => setDeleting({ repository, tag })}
                        aria-label={`Delete tag ${repository}:${tag}`}
                      >
                        Delete tag
                      </RoleButton>
                    </td>
                  </tr>
                );
              })}
            </ListTable>
          )}
        </div>
      </div>

      {pulling ? <PullDialog initialReference={pulling} onClose={() => setPulling(null)} /> : null}
      {deleting ? (
        <DeleteTagDialog registry={registry} repository={deleting.repository} tag={deleting.tag} onClose={() => setDeleting(null)} />
      ) : null}
    </section>
  );
}

/** DELETE /api/registries/{id}/tags: deletes the tag's manifest in the registry itself. */
function DeleteTagDialog({
  registry,
  repository,
  tag,
  onClose,
}: {
  registry: RegistryView;
  repository: string;
  tag: string;
  onClose: () => void;
}) {
  const toast = useToast();
  const reference = registryReference(registry.address, repository, tag);
  const deletion = useAction(() => api.registries.removeTag(registry.id, { repository, tag }), {
    invalidates: ["registries"],
    onSuccess: () => {
      toast(`Deleted ${reference} from the registry`);
      onClose();
    },
  });

  return (
    <Dialog
      open
      onClose={onClose}
      title="Delete tag from registry"
      description={<span className="font-mono break-all text-slate-700">{reference}</span>}
      footer={
        <RemoveFooter
          onCancel={onClose}
          onConfirm={() => void deletion.start()}
          running={deletion.running}
          label="Delete tag"
          runningLabel="Deleting…"
        />
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>
          Deletes the manifest this tag points to in the registry, for everyone who pulls from it. Any other tag of the same manifest goes
          with it. Images already pulled onto engines stay.
        </p>
        <p className="text-xs text-slate-500">
          The docker CLI cannot do this: it is the Registry API&apos;s{" "}
          <code className="font-mono">DELETE /v2/{repository}/manifests/&lt;digest&gt;</code>, which a registry allows only when deletes are
          enabled in its configuration.
        </p>
        {deletion.error ? <FormError testId="delete-tag-error">{deletion.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
