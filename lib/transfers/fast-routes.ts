import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildImageNode } from "@/lib/builds/build-route";
import { copyImageNode } from "@/lib/fleet/copy-route";
import { nodeRouteDispatcher, type NodeRouteHandler } from "@/lib/http/node-route";
import { exportContainerNode, importImageNode, loadImagesNode, saveImageNode } from "@/lib/images/transfer-routes";

/**
 * The paths the custom server (scripts/server.mjs) serves from Node's request and response, outside
 * Next.js's request handling: each handler's contract gives its method and path (lib/http/node-route).
 */
export const FAST_ROUTES = [
  importImageNode,
  loadImagesNode,
  saveImageNode,
  exportContainerNode,
  copyImageNode,
  buildImageNode,
] as unknown as readonly NodeRouteHandler[];

/** What the custom server finds on globalThis once Next.js has started: the dispatcher and the routes it serves. */
export type PublishedFastRoutes = {
  dispatch: (req: IncomingMessage, res: ServerResponse) => boolean;
  routes: string[];
};

/**
 * Puts the dispatcher where the custom server finds it (instrumentation.ts calls this as the server
 * starts). The handlers run from Next's own server bundle, so the process holds one copy of lib/
 * (one database client, one set of engine clients) and the server script needs no bundler.
 */
export function publishFastRoutes(): void {
  (globalThis as { dashboardFastRoutes?: PublishedFastRoutes }).dashboardFastRoutes = {
    dispatch: nodeRouteDispatcher(FAST_ROUTES),
    routes: FAST_ROUTES.map((route) => `${route.contract.method} ${route.contract.path}`),
  };
}
