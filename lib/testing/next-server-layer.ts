import Module from "node:module";

/**
 * Route handlers run in Next's server-only layer, where its bundler swaps a few `next/*` entry
 * points for their react-server builds (createAppRouterApiAliases in
 * next/dist/build/create-compiler-aliases.js). Node's `--conditions=react-server` covers React
 * and `server-only`, not these: without the swap, `next/navigation` loads the client router and
 * fails on `React.createContext`. Importing this module makes `require` resolve them as Next does.
 */
const SERVER_LAYER_ALIASES: Record<string, string> = {
  "next/navigation": "next/dist/api/navigation.react-server",
  "next/error": "next/dist/api/error.react-server",
  "next/link": "next/dist/client/app-dir/link.react-server",
};

type Resolver = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolver };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  return resolve.call(this, SERVER_LAYER_ALIASES[request] ?? request, ...rest);
};
