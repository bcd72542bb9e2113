import { Badge, type BadgeTone } from "@/app/_components/badge";
import type { BuildOutcome } from "@/lib/builds/types";

const OUTCOME_TONE: Record<BuildOutcome, BadgeTone> = { running: "blue", succeeded: "green", failed: "red", cancelled: "gray" };

/** A build's outcome as a coloured badge. */
export function OutcomeBadge({ outcome }: { outcome: BuildOutcome }) {
  return (
    <Badge tone={OUTCOME_TONE[outcome]} testId="build-outcome">
      {outcome}
    </Badge>
  );
}

/** "3 / 5" cache hits of the steps, or a dash when the build did not get that far. */
export function cacheHitsText(cacheHits: number | null, steps: number): string {
  return cacheHits === null ? "—" : `${cacheHits} / ${steps}`;
}
