import "server-only";
import { getDocker, getDockerHost } from "@/lib/docker/client";
import { engineMessage, toEngineError } from "@/lib/docker/errors";
import { AppError } from "@/lib/errors";

/** A network as `GET /networks` and `GET /networks/{id}` answer it. */
export type EngineNetwork = {
  Id: string;
  Name: string;
  Created?: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  /** Only in inspect, and only containers with an active endpoint (running ones). */
  Containers?: Record<string, { Name: string; IPv4Address: string; IPv6Address: string; MacAddress: string }> | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
};

const networkError = (ref: string, action: string) => (error: unknown) => {
  // The engine answers 403 for a network whose state forbids the change (active endpoints, a
  // predefined network, an overlapping subnet): a conflict with what exists, not a missing right.
  if ((error as { statusCode?: number }).statusCode === 403) {
    throw new AppError("conflict:network", `Cannot ${action} network ${ref}: ${engineMessage(error)}`, { cause: error });
  }
  throw toEngineError(error, { kind: "network", name: ref, action });
};

/** `docker network ls`. */
export async function listNetworksOnEngine(): Promise<EngineNetwork[]> {
  try {
    return (await getDocker().listNetworks()) as unknown as EngineNetwork[];
  } catch (error) {
    throw toEngineError(error, { kind: "engine", name: getDockerHost(), action: "list networks" });
  }
}

/** `docker network inspect` by ID, short ID or name; 404 for an unknown network. */
export async function inspectNetworkOnEngine(ref: string): Promise<EngineNetwork> {
  return (await getDocker().getNetwork(ref).inspect().catch(networkError(ref, "inspect"))) as EngineNetwork;
}

/**
 * `docker network create`. CheckDuplicate makes a taken name a 409 (Docker 20.10 would otherwise
 * create a second network of the same name).
 */
export async function createNetworkOnEngine(request: {
  name: string;
  driver: string;
  subnet?: string;
  gateway?: string;
  internal: boolean;
  labels?: Record<string, string>;
}): Promise<string> {
  const network = await getDocker()
    .createNetwork({
      Name: request.name,
      Driver: request.driver,
      CheckDuplicate: true,
      Internal: request.internal,
      ...(request.labels ? { Labels: request.labels } : {}),
      ...(request.subnet
        ? { IPAM: { Driver: "default", Config: [{ Subnet: request.subnet, ...(request.gateway ? { Gateway: request.gateway } : {}) }] } }
        : {}),
    })
    .catch((error: unknown) => {
      // The only 404 a create can get is for the driver: the network itself is being made.
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new AppError("bad_request:network", `Docker has no network driver ${request.driver}: ${engineMessage(error)}`, {
          cause: error,
        });
      }
      return networkError(request.name, "create")(error);
    });
  return network.id;
}

/** `docker network rm`. */
export async function removeNetworkOnEngine(ref: string): Promise<void> {
  await getDocker().getNetwork(ref).remove().catch(networkError(ref, "remove"));
}
