import type { HttpMethod, RouteAccess, RouteContract } from "@/lib/http/contract";

/** The export names Next.js calls as handlers in a `route.ts`. */
export const ROUTE_HANDLER_EXPORTS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const CONTRACT_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const ACCESS: readonly RouteAccess[] = ["public", "viewer", "operator", "admin"];

/** A `route.ts` module as imported: its exports by name. */
export type RouteModule = Readonly<Record<string, unknown>>;

/** One exported handler of a route module, with its contract when it carries a complete one. */
export type RouteHandlerEntry = { file: string; exportName: string; contract: RouteContract | null };

/** True for a contract `buildOpenApiDocument` can use (an older `route({ role })` carries none). */
export function isRouteContract(value: unknown): value is RouteContract {
  if (value === null || typeof value !== "object") return false;
  const contract = value as Partial<RouteContract>;
  return (
    CONTRACT_METHODS.includes(contract.method as HttpMethod) &&
    typeof contract.path === "string" &&
    contract.path.startsWith("/api/") &&
    typeof contract.summary === "string" &&
    ACCESS.includes(contract.access as RouteAccess) &&
    typeof contract.responses === "object" &&
    contract.responses !== null
  );
}

/**
 * The handlers a route module exports (`GET`, `POST`, …; not `dynamic` and other settings).
 *
 * @example handlersOf("app/api/images/route.ts", await import("@/app/api/images/route")) // [{ exportName: "GET", contract: {...} }]
 */
export function handlersOf(file: string, routeModule: RouteModule): RouteHandlerEntry[] {
  return ROUTE_HANDLER_EXPORTS.filter((name) => routeModule[name] !== undefined).map((exportName) => {
    const contract = (routeModule[exportName] as { contract?: unknown } | null)?.contract;
    return { file, exportName, contract: isRouteContract(contract) ? contract : null };
  });
}

/** Every complete contract in an index of route modules (file → module), in index order. */
export function contractsOf(modules: Readonly<Record<string, RouteModule>>): RouteContract[] {
  return Object.entries(modules).flatMap(([file, routeModule]) =>
    handlersOf(file, routeModule).flatMap((handler) => (handler.contract ? [handler.contract] : [])),
  );
}
