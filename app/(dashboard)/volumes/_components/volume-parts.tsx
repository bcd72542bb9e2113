import Link from "next/link";
import { Badge } from "@/app/_components/badge";
import { ContainerLinks } from "@/app/_components/container-links";
import { formatBytes } from "@/lib/format/bytes";
import type { VolumeContainer, VolumeView } from "@/lib/volumes/types";

/** The page of a volume. */
export function volumePath(name: string): string {
  return `/volumes/${encodeURIComponent(name)}`;
}

/** A volume's name as a link: an engine-made name (64 hex digits) shortened to 12, the whole name on hover. */
export function VolumeName({ volume }: { volume: Pick<VolumeView, "name" | "anonymous"> }) {
  return (
    <Link href={volumePath(volume.name)} title={volume.name} className="font-mono font-medium break-all text-sky-700 hover:underline">
      {volume.anonymous && volume.name.length === 64 ? `${volume.name.slice(0, 12)}…` : volume.name}
    </Link>
  );
}

/** anonymous / named, and "unused" when no container mounts it. */
export function VolumeBadges({ volume }: { volume: Pick<VolumeView, "anonymous" | "containers"> }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {volume.anonymous ? (
        <Badge tone="violet" title="Named by the engine: made for an image's VOLUME (or created without a name)">
          anonymous
        </Badge>
      ) : null}
      {volume.containers.length === 0 ? (
        <Badge tone="amber" title="No container, running or stopped, mounts it">
          unused
        </Badge>
      ) : null}
    </span>
  );
}

/** The containers that mount a volume, as links, with where they see it. */
export function VolumeUsers({ containers }: { containers: readonly VolumeContainer[] }) {
  return <ContainerLinks containers={containers} note={(container) => (container.destination ? `→ ${container.destination}` : null)} />;
}

/** Bytes, or why there is no number. */
export function VolumeSize({ size }: { size: number | null }) {
  if (size === null)
    return (
      <span className="text-slate-400" title="The engine reports sizes for local volumes only, when its disk-usage report answers">
        unknown
      </span>
    );
  return <>{formatBytes(size)}</>;
}
