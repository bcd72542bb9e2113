import { after } from "node:test";
import { docker } from "@/lib/testing/docker-cli";

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

/**
 * Image references (or IDs) a suite made, force-removed after it, last first.
 *
 * @example const images = imagesRemovedAfterSuite(); images.push(tag);
 */
export function imagesRemovedAfterSuite(): string[] {
  const images: string[] = [];
  after(() => {
    for (const image of images.reverse()) {
      try {
        docker("rmi", "-f", image);
      } catch {
        // already gone
      }
    }
  });
  return images;
}
