import { clsx } from "clsx";
import { Badge } from "@/app/_components/badge";
import type { HistoryStep } from "@/lib/images/types";
import type { LayerDirectoryEntry } from "@/lib/layers/types";

type Change = NonNullable<LayerDirectoryEntry["change"]>;

const CHANGE_TONES = { added: "green", changed: "amber", deleted: "red" } as const;
const CHANGE_TITLES: Record<Change, string> = {
  added: "Added by this layer: no layer below has this path",
  changed: "Changed by this layer: a layer below has this path with other content, type, mode or owner",
  deleted: "Deleted by this layer (a whiteout): the lower version is still stored, but no container sees it",
};

/** What a layer did to a path, as a coloured word. */
export function ChangeMark({ change }: { change: LayerDirectoryEntry["change"] }) {
  if (!change) return null;
  return (
    <Badge tone={CHANGE_TONES[change]} title={CHANGE_TITLES[change]} testId="change-mark">
      {change}
    </Badge>
  );
}

/** "L2": a layer's short name, as the history table and the layer stack write it. */
export function LayerChip({ index, className }: { index: number; className?: string }) {
  return (
    <span className={clsx("rounded bg-sky-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-sky-800", className)}>L{index}</span>
  );
}

/** The id of a history row (history-table.tsx), for links from the explorer's advice and layers. */
export function stepAnchor(stepIndex: number): string {
  return `step-${stepIndex}`;
}

/**
 * A link to a history step: "step 3" (1-based, as people count Dockerfile lines), which jumps to its
 * row in the history table.
 */
export function StepLink({ stepIndex, history }: { stepIndex: number; history: readonly HistoryStep[] }) {
  const step = history[stepIndex];
  return (
    <a
      href={`#${stepAnchor(stepIndex)}`}
      title={step ? `${step.instruction}: its row in the history table` : "Its row in the history table"}
      className="rounded font-medium whitespace-nowrap text-sky-700 hover:underline"
    >
      step {stepIndex + 1}
    </a>
  );
}

/**
 * `ls -l`'s mode column from an entry's type and permission bits.
 *
 * @example formatMode("dir", 0o755) // "drwxr-xr-x"
 */
export function formatMode(type: LayerDirectoryEntry["type"], mode: number): string {
  const letter = type === "dir" ? "d" : type === "symlink" ? "l" : type === "other" ? "?" : "-";
  const bits = ["r", "w", "x"];
  let text = letter;
  for (let shift = 8; shift >= 0; shift -= 1) text += mode & (1 << shift) ? bits[(8 - shift) % 3] : "-";
  // setuid / setgid / sticky, as ls shows them in the x positions.
  const chars = text.split("");
  if (mode & 0o4000) chars[3] = chars[3] === "x" ? "s" : "S";
  if (mode & 0o2000) chars[6] = chars[6] === "x" ? "s" : "S";
  if (mode & 0o1000) chars[9] = chars[9] === "x" ? "t" : "T";
  return chars.join("");
}

/** The instruction of the step that made a layer, or what is known about it. */
export function layerInstruction(layer: { instruction: string | null; stepIndex: number | null }, history: readonly HistoryStep[]) {
  const step = layer.stepIndex === null ? undefined : history[layer.stepIndex];
  return { text: layer.instruction ?? step?.instruction ?? "", keyword: step?.keyword ?? "" };
}
