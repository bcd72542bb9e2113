"use client";

import Link from "next/link";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { RelativeTime } from "@/app/_components/relative-time";
import { useImages } from "@/app/_lib/hooks/use-images";
import type { Role } from "@/lib/auth/roles";
import type { CleanupItem, CleanupPlan, CleanupPlanRequest } from "@/lib/cleanup/types";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import { pruneCommandFor, removableItems, removalCommand } from "@/lib/cleanup/run-rules";
import { displayName } from "./item-name";
import { PlanRun } from "./plan-run";

const containerPath = (name: string) => `/containers/${encodeURIComponent(name)}`;

const KIND_TONES: Record<CleanupItem["kind"], BadgeTone> = { image: "blue", container: "violet", volume: "red", "build-cache": "gray" };

/** The item's own page; build-cache records have none. */
function itemPath(item: CleanupItem): string | null {
  switch (item.kind) {
    case "image":
      return imagePath(item.id);
    case "container":
      return containerPath(item.name);
    case "volume":
      return `/volumes/${encodeURIComponent(item.name)}`;
    default:
      return null;
  }
}

/**
 * A plan as made: every item with why it is there, what blocks the ones that cannot go, the true
 * reclaimable bytes against the sum of the image sizes, and the docker lines that do the same.
 */
export function PlanPreview({ plan, request, role }: { plan: CleanupPlan; request: CleanupPlanRequest; role: Role }) {
  const images = useImages();
  const byId = new Map((images.data?.images ?? []).map((image) => [image.id, image]));
  const removable = plan.items.filter((item) => !item.blocked);
  const blocked = plan.items.filter((item) => item.blocked);
  const sizeSum = removable.reduce((sum, item) => sum + (item.kind === "image" ? (byId.get(item.id)?.size ?? 0) : 0), 0);
  // The run's own lines (lib/cleanup/run-rules), containers first as the run removes them: an
  // image goes only once its containers are gone.
  const commands = [...removableItems(plan)]
    .sort((a, b) => Number(b.kind === "container") - Number(a.kind === "container"))
    .map((item) => removalCommand(item, item.kind === "image" ? (byId.get(item.id)?.repoTags ?? []) : []));
  const prune = pruneCommandFor(request);

  return (
    <section
      aria-labelledby="plan-title"
      data-testid="plan-preview"
      data-plan-id={plan.id}
      className="space-y-4 rounded-lg border border-sky-200 bg-sky-50/40 p-4"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id="plan-title" className="text-base font-semibold">
          The plan: {removable.length} {removable.length === 1 ? "item" : "items"} to remove
          {blocked.length ? `, ${blocked.length} blocked` : ""}
        </h3>
        <p className="text-xs text-slate-500">
          made <RelativeTime time={plan.createdAt} /> by {plan.createdBy}
        </p>
      </div>

      <div className="rounded-md border border-slate-200 bg-white px-4 py-3">
        <p className="text-sm">
          Truly frees{" "}
          <strong data-testid="plan-reclaimable" className="text-lg tabular-nums">
            {formatBytes(plan.reclaimableBytes)}
          </strong>
          {sizeSum > 0 ? (
            <span className="text-slate-500">
              {" "}
              (the images&apos; sizes add up to <span data-testid="plan-size-sum">{formatBytes(sizeSum)}</span>)
            </span>
          ) : null}
        </p>
        <p data-testid="plan-reclaimable-why" className="mt-1 text-xs text-slate-600">
          Only layers that no image or container staying on the engine uses are freed, each counted once, so this can be less than the sum
          of the image sizes: a layer shared with an image that stays is not freed at all, and one shared between images of the plan is in
          each of their sizes but on disk once.
          {plan.sharedBetweenItemsBytes > 0
            ? ` ${formatBytes(plan.sharedBetweenItemsBytes)} of it is in layers several items of the plan share: freed only when all of them go.`
            : ""}
        </p>
      </div>

      {plan.notes.length ? (
        <ul data-testid="plan-notes" className="list-disc space-y-0.5 pl-5 text-xs text-slate-600">
          {plan.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {plan.items.length === 0 ? (
        <p data-testid="plan-empty" className="text-sm text-slate-600">
          Nothing matches: no image or container would be removed.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" aria-label="Plan items">
          {plan.items.map((item) => (
            <PlanItemRow key={`${item.kind}:${item.id}`} item={item} tags={byId.get(item.id)?.repoTags} />
          ))}
        </ul>
      )}

      {commands.length ? (
        <div className="space-y-1.5" data-testid="plan-commands">
          <p className="text-xs font-medium text-slate-500">What the run does, as docker commands</p>
          {commands.map((command) => (
            <CliCommand key={command} command={command} wrap testId="plan-command" />
          ))}
        </div>
      ) : null}
      <PlanRun plan={plan} role={role} />
      {prune ? (
        <div className="space-y-1.5" data-testid="plan-prune">
          <p className="text-xs font-medium text-slate-500">
            The prune command with the same rules (it removes at once, with no list first)
          </p>
          <CliCommand command={prune} wrap />
        </div>
      ) : null}
    </section>
  );
}

function PlanItemRow({ item, tags }: { item: CleanupItem; tags: readonly string[] | undefined }) {
  const names = item.kind === "image" && tags?.length ? tags : [displayName(item.name)];
  return (
    <li
      data-testid="plan-item"
      data-kind={item.kind}
      data-id={item.id}
      data-blocked={item.blocked}
      className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 px-4 py-2.5"
    >
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <Badge tone={KIND_TONES[item.kind]}>{item.kind}</Badge>
          {names.map((name) => {
            const href = itemPath(item);
            return href ? (
              <Link key={name} href={href} className="font-mono text-[13px] break-all text-sky-700 hover:underline">
                {name}
              </Link>
            ) : (
              <span key={name} className="font-mono text-[13px] break-all">
                {name}
              </span>
            );
          })}
          {item.blocked ? <Badge tone="amber">blocked</Badge> : null}
        </div>
        <p data-testid="plan-item-reason" className="mt-0.5 text-xs text-slate-600">
          {item.reason}
        </p>
        {item.kind === "volume" && item.dataBytes != null ? (
          <p className="mt-0.5 text-xs text-red-700">{formatBytes(item.dataBytes)} of data, lost with it</p>
        ) : null}
        {item.blocked ? (
          <p data-testid="plan-item-blocked" className="mt-0.5 text-xs text-amber-800">
            {item.blockedBy?.length ? (
              <>
                in use by{" "}
                {item.blockedBy.map((blocker, index) => (
                  <span key={blocker.id}>
                    {index > 0 ? ", " : ""}
                    <Link href={containerPath(blocker.name)} className="font-mono underline">
                      {blocker.name}
                    </Link>
                  </span>
                ))}
                : remove {item.blockedBy.length === 1 ? "it" : "them"} first, or pick {item.blockedBy.length === 1 ? "it" : "them"} too
              </>
            ) : (
              (item.blockedReason ?? "blocked")
            )}
          </p>
        ) : null}
      </div>
      <span data-testid="plan-item-bytes" className="shrink-0 text-sm text-slate-700 tabular-nums">
        {item.blocked ? "stays" : formatBytes(item.bytes)}
      </span>
    </li>
  );
}
