import Link from "next/link";
import { StateBadge } from "@/app/_components/badge";
import type { ContainerSummary } from "@/lib/containers/types";
import { imageUserName, isRunningState, type ImageUser } from "@/lib/images/removal";
import { containerPath } from "../../containers/_components/container-format";

/**
 * Why an image cannot simply be removed: the containers made from it, each a link to its page, and
 * what removing it anyway (`docker rmi -f`) does and leaves behind. Shown before anything is sent,
 * by the remove dialog and wherever several images are removed at once.
 *
 * @example <ImageInUse containers={detail.containers} byId={reference === image.shortId} />
 */
export function ImageInUse({
  containers,
  byId = false,
}: {
  containers: readonly (ImageUser & Partial<Pick<ContainerSummary, "status">>)[];
  /** The removal names the image ID rather than a tag: the engine then refuses even -f past a running container. */
  byId?: boolean;
}) {
  if (containers.length === 0) return null;
  const one = containers.length === 1;
  const running = containers.filter((container) => isRunningState(container.state));

  return (
    <div data-testid="image-in-use" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">
        In use by {containers.length} container{one ? "" : "s"}
      </p>
      <ul className="mt-2 divide-y divide-amber-200 rounded border border-amber-200 bg-white" aria-label="Containers using this image">
        {containers.map((container) => (
          <li key={container.id} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 px-2.5 py-1.5">
            <Link href={containerPath(container.id)} className="font-mono font-medium break-all text-sky-700 hover:underline">
              {imageUserName(container)}
            </Link>
            <StateBadge state={container.state} />
            {container.status ? <span className="min-w-0 truncate text-xs text-slate-500">{container.status}</span> : null}
          </li>
        ))}
      </ul>
      <p className="mt-2">
        Docker keeps an image while a container made from it exists, running or stopped, so a plain removal is refused. To free the space,
        remove {one ? "the container" : "the containers"} first (<span className="font-mono">docker rm</span>), then the image.
      </p>
      <p className="mt-2" data-testid="force-explanation">
        {running.length > 0 && byId ? (
          <>
            Docker will not remove the image of a running container by ID, not even with <span className="font-mono">-f</span>: stop and
            remove {running.map(imageUserName).join(", ")} first.
          </>
        ) : running.length > 0 ? (
          <>
            Removing it anyway (<span className="font-mono">-f</span>) only removes the tag while a container runs: the image stays,
            untagged (<span className="font-mono">&lt;none&gt;</span>), with all its layers. Nothing is freed until{" "}
            {running.map(imageUserName).join(", ")} {running.length === 1 ? "is" : "are"} stopped and removed.
          </>
        ) : (
          <>
            Removing it anyway (<span className="font-mono">-f</span>) untags the image and drops it from the list, but its layers stay on
            disk under {one ? "the container's" : "the containers'"} writable layer: nothing is freed until{" "}
            {one ? "that container is" : "those containers are"} removed.
          </>
        )}
      </p>
    </div>
  );
}
