import Link from "next/link";
import { isApiError } from "@/app/_lib/api-client";

/**
 * Containers as links to their pages, each with an optional note (where it mounts a volume, its
 * address on a network) and "(stopped)" when it is not running.
 */
export function ContainerLinks<C extends { id: string; name: string; running: boolean }>({
  containers,
  note,
}: {
  containers: readonly C[];
  note: (container: C) => string | null;
}) {
  if (containers.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <ul className="space-y-0.5">
      {containers.map((container) => {
        const noted = note(container);
        return (
          <li key={container.id} className="min-w-0 break-all">
            <Link href={`/containers/${encodeURIComponent(container.name)}`} className="text-sky-700 hover:underline">
              {container.name}
            </Link>
            {noted ? <span className="font-mono text-xs text-slate-500"> {noted}</span> : null}
            {container.running ? null : <span className="text-xs text-slate-400"> (stopped)</span>}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The containers named by a 409 that refuses to remove a volume or network (`containers: [{id, name}]`
 * in the body); null for any other failure.
 */
export function conflictingContainers(failure: unknown): { id: string; name: string }[] | null {
  return isApiError(failure) && failure.status === 409 && Array.isArray(failure.body.containers)
    ? (failure.body.containers as { id: string; name: string }[])
    : null;
}
