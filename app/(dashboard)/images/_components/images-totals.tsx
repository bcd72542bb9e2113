import { CliCommand } from "@/app/_components/cli-command";
import { dockerCommand } from "@/lib/cli/command";
import type { ImageListTotals } from "@/lib/images/types";
import { formatBytes } from "@/lib/format/bytes";

export function ImagesTotals({ totals }: { totals: ImageListTotals }) {
  return (
    <section data-testid="images-totals" aria-label="Totals" className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <Stat label="Images" value={String(totals.count)} detail="tagged and dangling, without intermediate build images" />
      <Stat label="Disk usage" value={formatBytes(totals.totalSize)} detail="every shared layer counted once" />
      <Stat
        label="Unused"
        value={`${totals.unusedCount} · ${formatBytes(totals.unusedSize)}`}
        detail="reclaimable: no container uses them"
        command={dockerCommand(["image", "prune", "-a"])}
        testId="totals-unused"
      />
      <Stat
        label="Dangling"
        value={`${totals.danglingCount} · ${formatBytes(totals.danglingSize)}`}
        detail="untagged images, reclaimable"
        command={dockerCommand(["image", "prune"])}
        testId="totals-dangling"
        tone={totals.danglingCount > 0 ? "amber" : undefined}
      />
    </section>
  );
}

function Stat({
  label,
  value,
  detail,
  command,
  testId,
  tone,
}: {
  label: string;
  value: string;
  detail: string;
  command?: string;
  testId?: string;
  tone?: "amber";
}) {
  return (
    <div
      data-testid={testId}
      className={`flex flex-col rounded-lg border bg-white px-4 py-3 ${tone === "amber" ? "border-amber-300" : "border-slate-200"}`}
    >
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums">{value}</p>
      <p className="text-xs text-slate-500">{detail}</p>
      {command ? (
        <div className="mt-2">
          <CliCommand command={command} />
        </div>
      ) : null}
    </div>
  );
}
