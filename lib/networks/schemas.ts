import { z } from "zod";
import { driverNameSchema, ENGINE_NAME_PATTERN, engineNameSchema, labelsSchema } from "@/lib/docker/object-fields";

// Requests

/** `{id}` in a path: a network ID (full or short) or name, which follow the same rule. */
export const networkParamsSchema = z.object({
  id: z
    .string()
    .max(255, "a network ID or name is at most 255 characters")
    .regex(ENGINE_NAME_PATTERN, "not a network ID or name: 2 or more of letters, digits, _ . - starting with a letter or digit"),
});

/** The networks every engine makes itself; they cannot be removed. */
export const PREDEFINED_NETWORKS = ["bridge", "host", "none"] as const;

/** `POST /api/networks`. */
export const createNetworkBodySchema = z
  .object({
    name: engineNameSchema,
    driver: driverNameSchema("network", "bridge").default("bridge"),
    subnet: z.union([z.cidrv4(), z.cidrv6()], { error: "subnet must be a CIDR range such as 10.20.0.0/24" }).optional(),
    gateway: z.union([z.ipv4(), z.ipv6()], { error: "gateway must be an IP address such as 10.20.0.1" }).optional(),
    /** No route out of the network: its containers reach only each other. */
    internal: z.boolean().default(false),
    labels: labelsSchema.optional(),
  })
  .refine((body) => !(PREDEFINED_NETWORKS as readonly string[]).includes(body.name), {
    message: "bridge, host and none are the engine's own networks",
    path: ["name"],
  })
  .refine((body) => body.gateway === undefined || body.subnet !== undefined, { message: "a gateway needs a subnet", path: ["gateway"] });

// Results

export const networkContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  running: z.boolean(),
  /** The container's address on this network, without the prefix length; null when it has none (stopped). */
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
});

export const networkSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  /** The first IPAM range and its gateway; null when the network has none (host, none). */
  subnet: z.string().nullable(),
  gateway: z.string().nullable(),
  /** Every IPAM range (a network can have an IPv4 and an IPv6 one). */
  subnets: z.array(z.object({ subnet: z.string(), gateway: z.string().nullable() })),
  internal: z.boolean(),
  /** One of the engine's own networks (bridge, host, none): it cannot be removed. */
  predefined: z.boolean(),
  createdAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  containers: z.array(networkContainerSchema),
});

export const networkListSchema = z.object({ networks: z.array(networkSchema) });

export const networkDetailSchema = networkSchema.extend({
  options: z.record(z.string(), z.string()),
  raw: z.record(z.string(), z.unknown()),
});

export const createdNetworkSchema = z.object({ network: networkSchema, command: z.string() });

export const removedNetworkSchema = z.object({ id: z.string(), name: z.string(), command: z.string() });
