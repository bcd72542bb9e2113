import { BadRequestError } from "@/lib/errors";

const CONTAINER_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * A container ID (full or short) or name as given in a URL; anything else is a 400 before the
 * engine is asked.
 *
 * @example validateContainerRef(" web-1 ") // "web-1"
 */
export function validateContainerRef(ref: string): string {
  const container = ref.trim();
  if (!CONTAINER_REF.test(container)) throw new BadRequestError("container", `"${ref}" is not a container ID or name`);
  return container;
}
