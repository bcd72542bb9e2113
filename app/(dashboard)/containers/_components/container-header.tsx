"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, StateBadge } from "@/app/_components/badge";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage, isApiError } from "@/app/_lib/api-client";
import { CommitDialog } from "@/app/(dashboard)/images/_components/commit-dialog";
import { ExportDialog } from "@/app/(dashboard)/images/_components/download-dialogs";
import type { Role } from "@/lib/auth/roles";
import { renderCommand } from "@/lib/cli/command";
import { currentHealth } from "@/lib/containers/state";
import type { ContainerDetail, ContainerSummary } from "@/lib/containers/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { LifecycleControls } from "./container-actions";
import { containerLabel, containerPath, healthTone } from "./container-format";
import { useContainer } from "@/app/_lib/hooks/use-containers";

/**
 * ExportDialog takes a list row; inspect data carries the same identity. The fields the list
 * has and inspect does not (status text, port list) are filled from inspect's own.
 */
function asSummary(detail: ContainerDetail): ContainerSummary {
  return {
    id: detail.id,
    shortId: detail.shortId,
    name: detail.name,
    image: detail.image,
    imageId: detail.imageId,
    command: renderCommand(detail.process),
    state: detail.state.status,
    status: detail.state.status,
    created: detail.created,
    ports: [],
    sizeRw: detail.sizeRw,
    sizeRootFs: detail.sizeRootFs,
  };
}

/** The detail layout's top: who the container is, its state, and what can be done to it. */
export function ContainerHeader({ reference, role }: { reference: string; role: Role }) {
  const router = useRouter();
  const { data, error } = useContainer(reference);
  const [dialog, setDialog] = useState<"commit" | "export" | null>(null);
  const gone = isApiError(error) && error.status === 404;
  const problem = error ? errorMessage(error) : null;

  if (!data) {
    return problem ? (
      <Notice tone="error" title={gone ? "No such container" : "Cannot show this container"} testId="container-error">
        <p>{problem}</p>
        {gone ? (
          <Link href="/containers" className="mt-1 inline-block underline">
            Back to containers
          </Link>
        ) : (
          <p className="mt-1 text-xs">This page retries on its own.</p>
        )}
      </Notice>
    ) : (
      <p className="py-12 text-center text-sm text-slate-400">Loading container…</p>
    );
  }

  const label = containerLabel(data);
  const health = data.state.health;
  // A stopped container keeps its last health status; it is shown only while checks run.
  const healthNow = currentHealth(data.state);
  return (
    <div className="space-y-4">
      {gone ? (
        <Notice tone="warning" title="This container no longer exists on the engine" testId="container-gone">
          It was removed elsewhere.{" "}
          <Link href="/containers" className="underline">
            Back to containers
          </Link>
        </Notice>
      ) : problem ? (
        <Notice tone="error" title="Showing the last data received" testId="container-error">
          {problem}
        </Notice>
      ) : null}

      <header className="rounded-lg border border-slate-200 bg-white p-5">
        <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-500">
          <Link href="/containers" className="hover:text-slate-900 hover:underline">
            Containers
          </Link>
          <span className="mx-1.5">/</span>
          <span className="font-mono">{label}</span>
        </nav>
        <div className="flex flex-wrap items-start gap-4">
          <div className="min-w-0 flex-1 basis-64">
            <div className="flex flex-wrap items-center gap-2">
              <h1 data-testid="container-title" className="font-mono text-2xl font-semibold tracking-tight break-all">
                {label}
              </h1>
              <span data-testid="container-state">
                <StateBadge state={data.state.status} />
              </span>
              {health && healthNow ? (
                <Badge
                  tone={healthTone(healthNow)}
                  testId="container-health"
                  title={`Healthcheck: ${health.failingStreak} failing in a row`}
                >
                  {healthNow}
                </Badge>
              ) : null}
            </div>
            <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              <HeaderFact label="ID">
                <span className="font-mono" title={data.id} data-testid="container-short-id">
                  {data.shortId}
                </span>
              </HeaderFact>
              <HeaderFact label="Image">
                <Link
                  href={imagePath(data.imageId)}
                  title={data.imageId}
                  data-testid="container-image-link"
                  className="font-mono text-sky-700 hover:underline"
                >
                  {data.image}
                </Link>
              </HeaderFact>
              <HeaderFact label="Created">
                <RelativeTime time={data.created} />
              </HeaderFact>
              <HeaderFact label="Writable layer">{data.sizeRw === null ? "—" : formatBytes(data.sizeRw)}</HeaderFact>
            </dl>
          </div>
          <div className="flex shrink-0 gap-2">
            <RoleButton
              role={role}
              needs="operator"
              variant="secondary"
              onClick={() => setDialog("commit")}
              title="docker commit: a new image from this container's writable layer"
            >
              Commit
            </RoleButton>
            <RoleButton
              role={role}
              needs="operator"
              variant="secondary"
              onClick={() => setDialog("export")}
              title="docker export: download the filesystem as a tar"
            >
              Export
            </RoleButton>
          </div>
        </div>
        <div className="mt-4 border-t border-slate-100 pt-4">
          <LifecycleControls
            target={{ id: data.id, name: data.name, shortId: data.shortId, state: data.state.status }}
            role={role}
            onRemoved={() => router.push("/containers")}
          />
        </div>
      </header>

      <ContainerTabs reference={reference} />

      {dialog === "commit" ? <CommitDialog container={data} onClose={() => setDialog(null)} /> : null}
      {dialog === "export" ? <ExportDialog container={asSummary(data)} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

function HeaderFact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline gap-1.5">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function ContainerTabs({ reference }: { reference: string }) {
  const pathname = usePathname();
  const tabs = [
    { href: containerPath(reference), label: "Overview" },
    { href: containerPath(reference, "logs"), label: "Logs" },
    { href: containerPath(reference, "changes"), label: "Changes" },
    { href: containerPath(reference, "console"), label: "Console" },
  ];
  // The overview's path is a prefix of the others': the last (most specific) match is current.
  const current = tabs.findLast((tab) => pathname === tab.href || pathname.startsWith(`${tab.href}/`))?.href;
  return (
    <nav aria-label="Container" className="flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = tab.href === current;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={clsx(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-sky-600 text-slate-900" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
