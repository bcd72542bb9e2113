/**
 * What the two size columns mean, drawn like the image page's layer stack: a dashed writable
 * layer on top of the image's read-only layers.
 */
export function WritableLayerLegend() {
  return (
    <div data-testid="size-legend" className="flex flex-wrap items-start gap-4 text-xs text-slate-500">
      <div className="flex w-28 shrink-0 flex-col gap-0.5" aria-hidden>
        <span className="h-3 rounded-sm border-2 border-dashed border-emerald-400 bg-emerald-50" />
        <span className="h-2.5 rounded-sm border border-sky-300 bg-sky-100" />
        <span className="h-2.5 rounded-sm border border-sky-300 bg-sky-100" />
      </div>
      <p className="max-w-3xl min-w-60 flex-1">
        <span className="font-semibold text-slate-700">Writable layer</span> (SizeRw) is the container&apos;s own copy-on-write layer on top
        of its image&apos;s read-only layers: files it adds, files it changes (copied up from an image layer first) and whiteouts hiding
        files it deletes. <span className="font-semibold text-slate-700">Virtual size</span> (SizeRootFs) adds the image&apos;s layers,
        which every container of that image shares on disk, so virtual sizes of several containers do not add up.
      </p>
    </div>
  );
}
