import { BadRequestError } from "@/lib/errors";

/**
 * Base URL of a registry's API. Like the engine, loopback registries are spoken to over plain
 * http; every other one over https. Docker Hub's API lives at registry-1.docker.io.
 *
 * @example registryBaseUrl("127.0.0.1:5055") // "http://127.0.0.1:5055"
 */
export function registryBaseUrl(address: string): string {
  if (address === "docker.io" || address === "index.docker.io") return "https://registry-1.docker.io";
  const host = address.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  const loopback = host === "localhost" || /^127\./.test(host) || host === "::1";
  return `${loopback ? "http" : "https"}://${address}`;
}

/**
 * A registry address as references name it: host[:port], lowercase, no scheme or path. Docker
 * Hub's aliases become "docker.io".
 *
 * @example normalizeRegistryAddress("https://Registry.Example.com:5000/") // "registry.example.com:5000"
 */
export function normalizeRegistryAddress(input: string): string {
  const stripped = input
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/\/+$/, "")
    .toLowerCase();
  if (["index.docker.io", "registry-1.docker.io", "docker.io", "hub.docker.com"].includes(stripped)) return "docker.io";
  if (!/^(\[[0-9a-f:]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/.test(stripped)) {
    throw new BadRequestError(
      "registry",
      `"${input}" is not a registry address: give host[:port], e.g. "127.0.0.1:5000" or "registry.example.com"`,
    );
  }
  return stripped;
}
