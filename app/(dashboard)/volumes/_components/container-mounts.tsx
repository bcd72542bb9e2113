import Link from "next/link";
import type { ContainerDetail } from "@/lib/containers/types";
import { volumePath } from "./volume-parts";

/**
 * A container's mounts, for the container page: a volume links to its page (an anonymous one,
 * made for the image's VOLUME, says so and shows its short name), a bind mount shows the host path.
 *
 * @example <ContainerMounts mounts={detail.mounts} />
 */
export function ContainerMounts({ mounts }: { mounts: ContainerDetail["mounts"] }) {
  if (mounts.length === 0) return <p className="text-sm text-slate-400 italic">no mounts</p>;
  return (
    <ul data-testid="container-mounts" className="space-y-1 text-sm">
      {mounts.map((mount) => (
        <li key={mount.destination} data-testid="container-mount" className="min-w-0 break-all">
          <span className="font-mono">{mount.destination}</span>
          <span className="text-slate-400"> ← </span>
          {mount.type === "volume" && mount.name ? (
            <Link href={volumePath(mount.name)} title={mount.name} className="font-mono text-sky-700 hover:underline">
              {/^[0-9a-f]{64}$/.test(mount.name) ? `anonymous volume ${mount.name.slice(0, 12)}…` : `volume ${mount.name}`}
            </Link>
          ) : (
            <span className="font-mono text-slate-600">
              {mount.type} {mount.source}
            </span>
          )}
          {mount.rw ? null : <span className="text-xs text-slate-500"> (read-only)</span>}
        </li>
      ))}
    </ul>
  );
}
