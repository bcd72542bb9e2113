import { after } from "node:test";

/**
 * Steps that undo what a suite made on the engine (containers, images, volumes), run after the
 * suite, last first (a container goes before the image it was made from). A step that fails is
 * passed over: a test may already have removed what it undoes.
 *
 * @example const cleanup = cleanupAfterSuite(); cleanup.push(() => docker("rm", "-f", name));
 */
export function cleanupAfterSuite(): (() => void)[] {
  const steps: (() => void)[] = [];
  after(() => {
    for (const step of steps.reverse()) {
      try {
        step();
      } catch {
        // already gone
      }
    }
  });
  return steps;
}
