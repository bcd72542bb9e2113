/**
 * Which history step produced which layer.
 *
 * An image config lists history steps (every Dockerfile instruction) and, separately, the layers
 * (rootfs diff IDs). Steps flagged `empty_layer` in the config made no layer; every other step made
 * exactly one, in order. The engine's history endpoint drops those flags, so they are recovered
 * from the cheapest source that settles them:
 *   1. the config's own `empty_layer` flags, when the caller has read the config;
 *   2. a step with a size > 0 certainly made a layer;
 *   3. layer counts of intermediate images (a step whose history ID is an image: its rootfs length
 *      is the number of layers up to and including that step);
 *   4. counting: when the remaining layers in a stretch equal the remaining 0-byte steps (or zero),
 *      the answer is forced.
 * Sizes alone cannot tell a 0-byte layer (`RUN rm`, which only writes a whiteout; the classic
 * builder's `WORKDIR`) from a metadata-only step, so such cases come back `ambiguous` and the caller
 * reads the config.
 */

export type HistoryStepInput = {
  /** Size in bytes of the layer the step made (0 for metadata-only steps). */
  size: number;
};

export type LayerAlignment =
  | { kind: "aligned"; layerIndexByStep: (number | null)[]; source: AlignmentSource }
  | { kind: "ambiguous"; reason: string }
  | { kind: "mismatch"; reason: string };

export type AlignmentSource = "config" | "sizes" | "intermediate-images";

/**
 * @param steps history, oldest first
 * @param layerCount number of rootfs layers (diff IDs)
 * @param emptyLayerFlags the config's `history[].empty_layer`, oldest first, when known
 * @param layerCountAtStep for each step, the rootfs length of the intermediate image that step
 *   produced, or null when unknown (`<missing>` history IDs)
 *
 * @example
 * alignHistoryToLayers({ steps: [{ size: 5 }, { size: 0 }], layerCount: 1 })
 * // { kind: "aligned", layerIndexByStep: [0, null], source: "sizes" }
 */
export function alignHistoryToLayers({
  steps,
  layerCount,
  emptyLayerFlags,
  layerCountAtStep,
}: {
  steps: readonly HistoryStepInput[];
  layerCount: number;
  emptyLayerFlags?: readonly boolean[] | null;
  layerCountAtStep?: readonly (number | null)[] | null;
}): LayerAlignment {
  if (emptyLayerFlags && emptyLayerFlags.length === steps.length) {
    const made = emptyLayerFlags.map((empty) => !empty);
    const count = made.filter(Boolean).length;
    if (count !== layerCount) {
      return { kind: "mismatch", reason: `the config marks ${count} steps as layers but the image has ${layerCount} layers` };
    }
    return { kind: "aligned", layerIndexByStep: indexLayers(made), source: "config" };
  }

  // Checkpoints: prefix counts of layers that are known for certain. Index -1 is "before any step".
  const checkpoints: { step: number; layers: number }[] = [{ step: -1, layers: 0 }];
  let usedIntermediates = false;
  layerCountAtStep?.forEach((count, step) => {
    if (count !== null && step < steps.length - 1) {
      checkpoints.push({ step, layers: count });
      usedIntermediates = true;
    }
  });
  checkpoints.push({ step: steps.length - 1, layers: layerCount });

  const made: boolean[] = steps.map((step) => step.size > 0);
  for (let c = 1; c < checkpoints.length; c++) {
    const from = checkpoints[c - 1]!;
    const to = checkpoints[c]!;
    const needed = to.layers - from.layers;
    let forced = 0;
    const undecided: number[] = [];
    for (let s = from.step + 1; s <= to.step; s++) {
      if (made[s]) forced++;
      else undecided.push(s);
    }
    const remaining = needed - forced;
    if (remaining < 0 || remaining > undecided.length) {
      return {
        kind: "mismatch",
        reason: `steps ${from.step + 2}-${to.step + 1} cannot have made ${needed} layers (${forced} steps have content, ${undecided.length} are empty)`,
      };
    }
    if (remaining === undecided.length) {
      for (const s of undecided) made[s] = true;
    } else if (remaining !== 0) {
      return {
        kind: "ambiguous",
        reason: `${remaining} of the ${undecided.length} zero-byte steps between steps ${from.step + 2} and ${to.step + 1} made layers; only the image config says which`,
      };
    }
  }
  return {
    kind: "aligned",
    layerIndexByStep: indexLayers(made),
    source: usedIntermediates ? "intermediate-images" : "sizes",
  };
}

function indexLayers(made: readonly boolean[]): (number | null)[] {
  let next = 0;
  return made.map((isLayer) => (isLayer ? next++ : null));
}

/** True when a step needs an intermediate image's layer count to settle the alignment. */
export function needsIntermediateCounts(alignment: LayerAlignment): boolean {
  return alignment.kind === "ambiguous";
}
