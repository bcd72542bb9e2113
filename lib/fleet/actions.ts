import "server-only";
import { beginAction } from "@/lib/audit/actions";
import { dockerCopyCommand } from "@/lib/cli/command";
import { currentEngine, DEFAULT_ENGINE_ID, runOnEngine } from "@/lib/docker/client";
import { inspectImage } from "@/lib/docker/images";
import { copyImageBetweenEngines, pingEngine } from "@/lib/docker/transfer";
import { resolveEngine } from "@/lib/engines/queries";
import { AppError, BadRequestError } from "@/lib/errors";
import type { CopiedImage } from "@/lib/fleet/types";
import { validateImageRef, type Operation } from "@/lib/images/actions";
import { shortDigest } from "@/lib/format/image";

/** The progress line of the bytes piped so far, drawn as one bar by the browser (applyProgress). */
function copyingLine(id: string, current: number, total: number, done = false) {
  return { status: done ? "Copied" : "Copying", id: shortDigest(id), progressDetail: { current, total } };
}

/**
 * Copies an image from the current engine (the request's `?engine=`) to the engine `to`:
 * `docker save REF | docker -H TARGET load`, streamed through this process and never held in
 * memory. Checked before anything moves: the target exists (404) and is another engine (400),
 * the image is on the source (404), the target answers (503 naming it). Audited on the source
 * engine with the pipe's CLI line. The operation yields the bytes piped of the image's size, then
 * (with `progress`) the target's per-layer load messages, and ends with the image's ID read back
 * from the target, which must equal the source's.
 *
 * @example await runToEnd(await copyImage({ ref: "seed/web:1", to: "edge", actor: "ana", progress: false }))
 */
export async function copyImage({
  ref,
  to,
  actor,
  progress,
}: {
  ref: string;
  to: string;
  actor: string;
  /** Ask the target engine for its per-layer load progress (only worth it when someone reads it). */
  progress: boolean;
}): Promise<Operation<CopiedImage>> {
  const reference = validateImageRef(ref);
  const source = currentEngine();
  const target = await resolveEngine(to);
  if (target.id === source.id) {
    throw new BadRequestError("engine", `The image is already on engine ${source.name}: choose another engine to copy it to.`);
  }
  const image = await inspectImage(reference);
  await pingEngine(target);
  const command = dockerCopyCommand({
    reference,
    sourceHost: source.id === DEFAULT_ENGINE_ID ? undefined : source.host,
    targetHost: target.host,
  });
  const handle = await beginAction({
    action: "image.copy",
    target: reference,
    params: { image: reference, id: image.Id, from: source.id, to: target.id, toName: target.name, toHost: target.host },
    command,
    actor,
  });
  const total = image.Size;

  async function* run(): Operation<CopiedImage> {
    let settled = false;
    const copy = copyImageBetweenEngines({ source, target, reference, progress });
    try {
      let bytes = 0;
      for (;;) {
        const step = await copy.next();
        if (step.done) {
          bytes = step.value.bytes;
          const copied = await runOnEngine(target, () => inspectImage(image.Id)).catch(() => null);
          if (copied?.Id !== image.Id) {
            throw new AppError(
              "upstream:image",
              `Engine ${target.name} loaded the archive of ${reference} but does not hold image ${shortDigest(image.Id)} afterwards.`,
            );
          }
          yield copyingLine(image.Id, bytes, bytes, true);
          const result: CopiedImage = { id: image.Id, to: target.id, bytes, loaded: step.value.loaded };
          settled = true;
          await handle.succeed(result);
          return result;
        }
        if (step.value.kind === "bytes") yield copyingLine(image.Id, step.value.bytes, Math.max(total, step.value.bytes));
        else yield step.value.message;
      }
    } catch (error) {
      settled = true;
      await handle.fail(error);
      throw error;
    } finally {
      // A client that went away ends this generator at a yield: close the pipe between the engines too.
      await copy.return({ bytes: 0, loaded: [] });
      if (!settled) await handle.fail(new Error("the client went away before the copy finished"));
    }
  }
  return run();
}
