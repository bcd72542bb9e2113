import { clsx } from "clsx";
const TONES = {
  gray: "bg-slate-100 text-slate-700 ring-slate-200",
  blue: "bg-sky-50 text-sky-800 ring-sky-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  violet: "bg-violet-50 text-violet-800 ring-violet-200",
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({
  tone = "gray",
  children,
  title,
  testId,
}: {
  tone?: BadgeTone;
  children: React.ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className={clsx(
        "inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-[11px] leading-none font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
      )}
    >
      {children}
    </span>
  );
}

/** A container state as a coloured badge: running is green, anything stopped is grey. */
export function StateBadge({ state }: { state: string }) {
  const tone: BadgeTone =
    state === "running" ? "green" : state === "paused" || state === "restarting" ? "amber" : state === "dead" ? "red" : "gray";
  return <Badge tone={tone}>{state}</Badge>;
}
