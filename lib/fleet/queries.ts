import "server-only";
import { DEFAULT_ENGINE_ID, runOnEngine, type EngineConnection } from "@/lib/docker/client";
import { getEngineSnapshot } from "@/lib/docker/snapshot";
import { pingEngine } from "@/lib/docker/transfer";
import { listEngineConnections } from "@/lib/engines/queries";
import { isAppError } from "@/lib/errors";
import { buildFleet, filterFleetImages, type EngineReading } from "@/lib/fleet/matrix";
import type { FleetImages, FleetImagesQuery } from "@/lib/fleet/types";

/**
 * How long the fleet view waits for one engine. Engines are read at the same time, so one that does
 * not answer costs the view this much at most (instead of its connection timeout) and is listed as
 * down; its lists arrive in its snapshot for the next look.
 */
export const FLEET_ENGINE_DEADLINE_MS = 2_000;

async function readEngine(engine: EngineConnection, deadlineMs: number): Promise<EngineReading> {
  const identity = { id: engine.id, name: engine.name, host: engine.host, kind: engine.kind, default: engine.id === DEFAULT_ENGINE_ID };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), deadlineMs);
  });
  try {
    // The ping (the engine's cheapest call) says at once that an engine went down, which a snapshot
    // kept from before would not.
    const look = runOnEngine(engine, () => Promise.all([pingEngine(engine), getEngineSnapshot()]).then(([, snapshot]) => snapshot));
    const snapshot = await Promise.race([look, late]);
    if (snapshot === "late") {
      return {
        engine: identity,
        state: "down",
        error: `Engine ${engine.name} (${engine.host}) did not answer within ${deadlineMs / 1000} s.`,
      };
    }
    return {
      engine: identity,
      state: "up",
      images: snapshot.images,
      containers: snapshot.containers.map((container) => ({ imageId: container.ImageID, running: container.State === "running" })),
    };
  } catch (error) {
    return { engine: identity, state: "down", error: isAppError(error) ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every image across every engine (`GET /api/fleet/images`): grouped by image ID with the engines
 * that hold it, container counts and size on each, stale tags and repo digests. All engines are
 * read at once from their snapshots (kept current by each engine's event stream, so a look usually
 * costs no engine call); an engine that fails or is slower than FLEET_ENGINE_DEADLINE_MS is listed
 * as down with the reason, and the others answer.
 *
 * @example await listFleetImages({ q: "seed/" })
 */
export async function listFleetImages(
  query: FleetImagesQuery = {},
  { deadlineMs = FLEET_ENGINE_DEADLINE_MS }: { deadlineMs?: number } = {},
): Promise<FleetImages> {
  const engines = await listEngineConnections();
  const readings = await Promise.all(engines.map((engine) => readEngine(engine, deadlineMs)));
  const fleet = buildFleet(readings);
  return { ...fleet, images: filterFleetImages(fleet.images, query.q) };
}
