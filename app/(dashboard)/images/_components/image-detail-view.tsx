"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { Notice } from "@/app/_components/notice";
import { RelativeTime } from "@/app/_components/relative-time";
import { RoleButton } from "@/app/_components/role-button";
import { errorMessage, isApiError, pageEngineId } from "@/app/_lib/api-client";
import { useImage } from "@/app/_lib/hooks/use-images";
import type { Role } from "@/lib/auth/roles";
import { dockerHistoryCommand, dockerInspectCommand } from "@/lib/cli/command";
import type { ImageDetail, RemovedImage } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath, primaryReference, UNTAGGED } from "@/lib/format/image";
import { launchPath } from "@/app/(dashboard)/containers/new/_components/launch-path";
import { formatTimestamp } from "@/lib/format/time";
import { HistoryTable } from "./history-table";
import { ImageConfig } from "./image-config";
import { SaveDialog } from "./download-dialogs";
import { ImageContainers } from "./image-containers";
import { LayerLegend, LayerStack } from "./layer-stack";
import { LayerExplorer } from "./layer-explorer";
import { LayerSharing } from "./layer-sharing";
import { PushDialog } from "./push-dialog";
import { RemoveDialog } from "./remove-dialog";
import { SizeBar } from "./size-bar";
import { TagDialog } from "./tag-dialog";
import { CopyImageDialog } from "@/app/(dashboard)/fleet/_components/copy-image-dialog";

/**
 * The detail page body. It polls like the list does, so containers created or removed elsewhere
 * and tags added from this page show up without a reload.
 */
export function ImageDetailView({
  reference,
  fallback,
  initialError,
  role,
}: {
  reference: string;
  fallback: ImageDetail | null;
  initialError: string | null;
  /** The signed-in user's role: actions it cannot use are shown disabled. */
  role: Role;
}) {
  const router = useRouter();
  const { data, error } = useImage(reference, { fallbackData: fallback ?? undefined });
  const [dialog, setDialog] = useState<"tag" | "remove" | "push" | "save" | "copy" | null>(null);

  const gone = isApiError(error) && error.status === 404;
  const problem = error ? errorMessage(error) : data ? null : initialError;

  if (!data) {
    return problem ? (
      <Notice tone="error" title="Cannot show this image" testId="image-error">
        <p>{problem}</p>
        <p className="mt-1 text-xs">This page retries on its own.</p>
      </Notice>
    ) : (
      <p className="py-12 text-center text-sm text-slate-400">Loading image…</p>
    );
  }

  const { summary, config, history, layers, alignment, containers } = data;
  // Act on the reference the user opened when it still names this image; otherwise its first tag or ID.
  const actionRef = summary.repoTags.includes(reference) ? reference : primaryReference(summary);
  const [first, ...rest] = summary.repoTags;

  const onRemoved = (result: RemovedImage, removedRef: string) => {
    if (result.deleted.length > 0) {
      router.push("/images");
    } else if (removedRef === reference) {
      // The tag in the URL is gone but the image is not: keep showing it under its ID.
      router.replace(imagePath(summary.id));
    }
  };

  const sections = [
    ["layers", "Layers"],
    ["explorer", "Explorer"],
    ["history", "History"],
    ["config", "Config"],
    ["containers", `Containers (${containers.length})`],
  ] as const;

  return (
    <div className="space-y-6">
      {gone ? (
        <Notice tone="warning" title="This image no longer exists on the engine" testId="image-gone">
          It was removed or untagged elsewhere.{" "}
          <Link href="/images" className="underline">
            Back to images
          </Link>
        </Notice>
      ) : problem ? (
        <Notice tone="error" title="Showing the last data received" testId="image-error">
          {problem}
        </Notice>
      ) : null}

      <header className="rounded-lg border border-slate-200 bg-white p-5">
        <nav aria-label="Breadcrumb" className="mb-2 text-xs text-slate-500">
          <Link href="/images" className="hover:text-slate-900 hover:underline">
            Images
          </Link>
          <span className="mx-1.5">/</span>
          <span className="font-mono">{first ?? summary.shortId}</span>
        </nav>
        <div className="flex flex-wrap items-start gap-4">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <h1
                data-testid="image-title"
                className={clsx("font-mono text-2xl font-semibold tracking-tight break-all", !first && "text-slate-400")}
              >
                {first ?? UNTAGGED}
              </h1>
              {summary.dangling ? <Badge tone="amber">dangling</Badge> : null}
              {summary.containers > 0 ? <Badge tone="green">in use</Badge> : null}
            </div>
            {rest.length ? (
              <div data-testid="image-tags" className="mt-1.5 flex flex-wrap gap-1">
                {rest.map((tag) => (
                  <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                    {tag}
                  </span>
                ))}
              </div>
            ) : null}
            <p className="mt-1.5 font-mono text-xs break-all text-slate-500" data-testid="image-id">
              {summary.id}
            </p>
          </div>
          <div className="flex max-w-full flex-wrap gap-2">
            {/* A link, not a RoleButton: viewers may open the form to read the docker run line. */}
            <Link
              href={launchPath(actionRef)}
              data-testid="launch-container"
              title="docker run: start a container from this image"
              className="inline-flex items-center rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
            >
              Launch container
            </Link>
            <RoleButton
              role={role}
              needs="operator"
              variant="secondary"
              onClick={() => setDialog("push")}
              disabled={summary.repoTags.length === 0}
              title={
                summary.repoTags.length === 0
                  ? "Tag the image first: a push needs a repository to push to"
                  : "docker push: upload to the registry a tag names"
              }
            >
              Push
            </RoleButton>
            <RoleButton
              role={role}
              needs="operator"
              variant="secondary"
              onClick={() => setDialog("save")}
              title="docker save: download the image as a tar"
            >
              Save
            </RoleButton>
            <RoleButton
              role={role}
              needs="operator"
              variant="secondary"
              onClick={() => setDialog("copy")}
              title="docker save | docker -H … load"
            >
              Copy to engine…
            </RoleButton>
            <RoleButton role={role} needs="operator" variant="secondary" onClick={() => setDialog("tag")}>
              Tag
            </RoleButton>
            <RoleButton role={role} needs="admin" variant="danger" onClick={() => setDialog("remove")}>
              Remove
            </RoleButton>
          </div>
        </div>

        <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-3 border-t border-slate-100 pt-4 sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Size">{formatBytes(summary.size)}</Fact>
          <Fact label="Unique / shared" wide>
            <SizeBar shared={summary.sharedSize} unique={summary.uniqueSize} />
          </Fact>
          <Fact label="Created">
            <RelativeTime time={summary.created} />
            <span className="block text-xs font-normal text-slate-500">{formatTimestamp(summary.created)}</span>
          </Fact>
          <Fact label="Layers">{summary.layerCount}</Fact>
          <Fact label="OS/arch">{[config.os, config.architecture, config.variant].filter(Boolean).join("/")}</Fact>
        </dl>
        <div className="mt-4 grid grid-cols-1 gap-2 lg:grid-cols-2">
          <CliCommand command={dockerInspectCommand({ image: actionRef })} testId="cli-inspect" />
          <CliCommand command={dockerHistoryCommand({ image: actionRef })} testId="cli-history" />
        </div>
      </header>

      <nav aria-label="Sections" className="flex flex-wrap gap-1 text-sm">
        {sections.map(([id, label]) => (
          <a key={id} href={`#${id}`} className="rounded-md px-3 py-1 text-slate-600 hover:bg-white hover:text-slate-900 hover:shadow-xs">
            {label}
          </a>
        ))}
      </nav>

      <div id="layers" className="grid scroll-mt-20 grid-cols-1 gap-6 xl:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        <Section title="Layer stack" subtitle="Read-only image layers from the base up, and the writable layer a container adds.">
          <div className="space-y-3 p-4">
            <LayerStack layers={layers} history={history} containers={containers} />
            <LayerLegend />
          </div>
        </Section>
        <Section title="Sharing" subtitle="Layers stored once on disk and used by several images.">
          <LayerSharing summary={summary} layers={layers} history={history} />
        </Section>
      </div>

      <LayerExplorer imageId={summary.id} reference={actionRef} imageSize={summary.size} history={history} />

      <Section id="history" title="History" subtitle="Each build step and the layer it produced, like docker history.">
        <HistoryTable history={history} alignment={alignment} />
      </Section>

      <section id="config" className="scroll-mt-20 space-y-3">
        <h2 className="text-base font-semibold">Config</h2>
        <ImageConfig config={config} />
      </section>

      <Section
        id="containers"
        title="Containers"
        subtitle="Created from this image, running or stopped. Any of them blocks docker rmi without -f."
      >
        <ImageContainers containers={containers} role={role} />
      </Section>

      {dialog === "push" ? <PushDialog tags={summary.repoTags} defaultReference={actionRef} onClose={() => setDialog(null)} /> : null}
      {dialog === "save" ? (
        <SaveDialog references={[...summary.repoTags, summary.shortId]} defaultReference={actionRef} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === "copy" ? <CopyImageDialog imageId={summary.id} from={pageEngineId()} onClose={() => setDialog(null)} /> : null}
      {dialog === "tag" ? <TagDialog source={actionRef} onClose={() => setDialog(null)} /> : null}
      {dialog === "remove" ? (
        <RemoveDialog image={summary} defaultReference={actionRef} onClose={() => setDialog(null)} onRemoved={onRemoved} />
      ) : null}
    </div>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "col-span-2" : undefined}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function Section({ id, title, subtitle, children }: { id?: string; title: string; subtitle?: string; children: React.ReactNode }) {
  return (
    <section id={id} className="min-w-0 scroll-mt-20 rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 className="text-base font-semibold">{title}</h2>
        {subtitle ? <p className="text-xs text-slate-500">{subtitle}</p> : null}
      </div>
      {children}
    </section>
  );
}
