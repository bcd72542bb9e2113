import "server-only";
import { getDocker } from "@/lib/docker/client";
import { engineMessage, toEngineError } from "@/lib/docker/errors";
import { invalidateEngineSnapshot } from "@/lib/docker/snapshot";
import { AppError } from "@/lib/errors";

/** `GET /images/{name}/json` in the fields the dashboard reads. */
export type EngineImageInspect = {
  Id: string;
  RepoTags?: string[];
  RepoDigests?: string[];
  Parent?: string;
  Comment?: string;
  Created: string;
  DockerVersion?: string;
  Author?: string;
  Config?: {
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, object> | null;
    Volumes?: Record<string, object> | null;
    WorkingDir?: string;
    User?: string;
    Labels?: Record<string, string> | null;
    OnBuild?: string[] | null;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | null;
    StopSignal?: string;
    Shell?: string[] | null;
  } | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  RootFS?: { Layers?: string[] };
};

/** Inspects an image by ID, short ID or reference; an unknown one is a 404 naming it. */
export async function inspectImage(ref: string): Promise<EngineImageInspect> {
  try {
    return (await getDocker().getImage(ref).inspect()) as EngineImageInspect;
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: ref, action: "inspect" });
  }
}

/** A step of `GET /images/{name}/history`, newest first as the engine sends it. */
export type EngineHistoryStep = { Id: string; Created: number; CreatedBy: string; Size: number; Comment: string; Tags: string[] | null };

/** `docker history`; an unknown image is a 404 naming it. */
export async function imageHistoryOnEngine(ref: string): Promise<EngineHistoryStep[]> {
  try {
    return (await getDocker().getImage(ref).history()) as EngineHistoryStep[];
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: ref, action: "read the history of" });
  }
}

/** `docker tag SOURCE REPO:TAG` through the engine. */
export async function tagImageOnEngine({ ref, repo, tag }: { ref: string; repo: string; tag: string }): Promise<void> {
  try {
    await getDocker().getImage(ref).tag({ repo, tag });
  } catch (error) {
    throw toEngineError(error, { kind: "image", name: ref, action: "tag" });
  } finally {
    invalidateEngineSnapshot();
  }
}

// The engine words it "container ID is using ..." or "being used by running container ID".
const CONTAINER_IN_CONFLICT = /container ([0-9a-f]{12,64})\b/g;

/**
 * `docker rmi` through the engine. A conflict (a container uses the image, or the ID has several
 * tags) is a 409 whose details list the IDs of the containers the engine named and whether `force`
 * can override it — the engine refuses even a forced removal while a *running* container uses it.
 */
export async function removeImageOnEngine({
  ref,
  force,
  noPrune,
}: {
  ref: string;
  force: boolean;
  noPrune: boolean;
}): Promise<{ untagged: string[]; deleted: string[] }> {
  let items: { Untagged?: string; Deleted?: string }[];
  try {
    items = (await getDocker().getImage(ref).remove({ force, noprune: noPrune })) as typeof items;
    invalidateEngineSnapshot();
  } catch (error) {
    invalidateEngineSnapshot();
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 409) throw toEngineError(error, { kind: "image", name: ref, action: "remove" });
    const message = engineMessage(error);
    const containerIds = [...message.matchAll(CONTAINER_IN_CONFLICT)].map((match) => match[1]!);
    const canForce = !/cannot be forced/.test(message) && !force;
    throw new AppError("conflict:image", `Cannot remove image ${ref}: ${message}.`, {
      cause: error,
      details: { containerIds, canForce },
    });
  }
  return {
    untagged: items.flatMap((item) => (item.Untagged ? [item.Untagged] : [])),
    deleted: items.flatMap((item) => (item.Deleted ? [item.Deleted] : [])),
  };
}
