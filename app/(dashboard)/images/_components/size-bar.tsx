import { formatBytes } from "@/lib/format/bytes";

/**
 * Shared vs unique bytes of one image as a two-part bar. Unique bytes are what `docker rmi`
 * frees; shared bytes stay on disk for the other images that stack the same layers.
 */
export function SizeBar({ shared, unique }: { shared: number; unique: number }) {
  const total = shared + unique;
  const uniquePercent = total > 0 ? (unique / total) * 100 : 0;
  return (
    <div className="min-w-36" title={`${formatBytes(unique)} unique (freed by rmi) · ${formatBytes(shared)} shared with other images`}>
      <div className="flex h-1.5 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <div className="bg-sky-500" style={{ width: `${uniquePercent}%` }} />
        <div className="flex-1 bg-violet-300" />
      </div>
      <div className="mt-1 flex justify-between gap-2 text-[11px] tabular-nums">
        <span className="text-sky-700">{formatBytes(unique)} unique</span>
        <span className="text-violet-700">{formatBytes(shared)} shared</span>
      </div>
    </div>
  );
}
