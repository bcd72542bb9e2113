import { BadRequestError } from "@/lib/errors";

/** The Dockerfile instructions `docker commit -c` and `docker import -c` accept. */
export const CHANGE_INSTRUCTIONS = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "USER", "VOLUME", "WORKDIR"] as const;

/**
 * Checks `-c` changes for commit and import: each one Dockerfile instruction the engine applies
 * to the new image's config. Anything else (a RUN, an empty line) is a 400 naming it.
 *
 * @example validateChanges(['CMD ["sh"]', "ENV A=b"]) // ['CMD ["sh"]', "ENV A=b"]
 */
export function validateChanges(changes: readonly string[]): string[] {
  return changes.map((change, index) => {
    const trimmed = change.trim();
    const keyword = /^([A-Za-z]+)\s+\S/.exec(trimmed)?.[1]?.toUpperCase();
    if (!keyword || !(CHANGE_INSTRUCTIONS as readonly string[]).includes(keyword)) {
      throw new BadRequestError(
        "body",
        `change ${index + 1} ("${trimmed.slice(0, 60)}") is not allowed: each change is one of ${CHANGE_INSTRUCTIONS.join(", ")} followed by its value`,
      );
    }
    return trimmed;
  });
}
