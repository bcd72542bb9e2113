import "server-only";
import { recordAction } from "@/lib/audit/audit";
import { dockerRmiCommand, dockerTagCommand } from "@/lib/cli/command";
import { removeImageOnEngine, tagImageOnEngine } from "@/lib/docker/images";
import type { RemovedImage } from "@/lib/docker/types";
import { BadRequestError } from "@/lib/errors";
import { familiarString, looksLikeImageId, parseReference, validateRepository, validateTag } from "@/lib/reference/reference";

/**
 * Checks an `{ref}` from a URL: an image ID (full or short) or a reference in Docker's grammar.
 *
 * @example validateImageRef("bars/fat:1") // "bars/fat:1"
 */
export function validateImageRef(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === "") throw new BadRequestError("reference", "An image ID or reference is required.");
  if (looksLikeImageId(trimmed)) return trimmed;
  parseReference(trimmed);
  return trimmed;
}

/**
 * `docker tag SOURCE REPO[:TAG]`: validated, audited, then done on the engine.
 *
 * @example await tagImage({ ref: "seed/fat:1", repo: "bars/fat", tag: "2", actor: "local" })
 */
export async function tagImage({
  ref,
  repo,
  tag = "latest",
  actor,
}: {
  ref: string;
  repo: string;
  tag?: string;
  actor: string;
}): Promise<{ source: string; target: string }> {
  const source = validateImageRef(ref);
  validateRepository(repo);
  validateTag(tag);
  const target = familiarString(parseReference(`${repo}:${tag}`));
  return recordAction(
    {
      action: "image.tag",
      target: source,
      params: { source, repo, tag },
      command: dockerTagCommand({ source, target: `${repo}:${tag}` }),
      actor,
    },
    async () => {
      await tagImageOnEngine({ ref: source, repo, tag });
      return { source, target };
    },
  );
}

/**
 * `docker rmi [-f] [--no-prune] IMAGE`: validated, audited, then done on the engine. A conflict is a
 * 409 naming the containers that use the image.
 */
export async function removeImage({
  ref,
  force = false,
  noPrune = false,
  actor,
}: {
  ref: string;
  force?: boolean;
  noPrune?: boolean;
  actor: string;
}): Promise<RemovedImage> {
  const image = validateImageRef(ref);
  return recordAction(
    {
      action: "image.remove",
      target: image,
      params: { image, force, noPrune },
      command: dockerRmiCommand({ image, force, noPrune }),
      actor,
    },
    () => removeImageOnEngine({ ref: image, force, noPrune }),
  );
}
