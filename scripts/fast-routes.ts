/**
 * The paths the custom server (scripts/server.ts) serves from Node's request and response, outside
 * Next.js: each handler's contract gives its method and path (lib/http/node-route).
 */
import { buildImageNode } from "../lib/builds/build-route";
import { copyImageNode } from "../lib/fleet/copy-route";
import type { NodeRouteHandler } from "../lib/http/node-route";
import { exportContainerNode, importImageNode, loadImagesNode, saveImageNode } from "../lib/images/transfer-routes";

export const FAST_ROUTES = [
  importImageNode,
  loadImagesNode,
  saveImageNode,
  exportContainerNode,
  copyImageNode,
  buildImageNode,
] as unknown as readonly NodeRouteHandler[];
