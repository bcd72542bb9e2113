import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import type { ContainerDetail } from "@/lib/containers/types";

/** An engine-made volume name: 64 hex digits, what an image's VOLUME gets when the run names none. */
const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/**
 * A container's mounts: where it sees each one, read-write or not, and what backs it. A volume
 * links to its page (an anonymous one, made for the image's VOLUME, says so and shows its short
 * name); a bind mount shows the host path it hands the container.
 *
 * @example <ContainerMounts mounts={detail.mounts} />
 */
export function ContainerMounts({ mounts }: { mounts: ContainerDetail["mounts"] }) {
  if (mounts.length === 0)
    return <p className="py-1 text-sm text-slate-400 italic">no volumes or bind mounts: everything it writes goes to the writable layer</p>;
  return (
    <ul data-testid="container-mount-list" className="divide-y divide-slate-100 text-[13px]">
      {mounts.map((mount) => (
        <li key={mount.destination} data-testid="container-mount" data-destination={mount.destination} className="min-w-0 py-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={mount.type === "bind" ? "amber" : "blue"}>{mount.type}</Badge>
            <span className="font-mono font-medium break-all">{mount.destination}</span>
            <span className="text-xs text-slate-500">{mount.rw ? "read-write" : "read-only"}</span>
          </div>
          <p className="mt-0.5 font-mono text-xs break-all text-slate-500">
            {mount.type === "volume" && mount.name ? (
              <>
                <Link href={`/volumes/${encodeURIComponent(mount.name)}`} title={mount.name} className="text-sky-700 hover:underline">
                  {ANONYMOUS_VOLUME.test(mount.name) ? `anonymous volume ${mount.name.slice(0, 12)}…` : `volume ${mount.name}`}
                </Link>
                <span> → {mount.source}</span>
              </>
            ) : (
              mount.source
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
