// The custom server (scripts/server.ts) loads lib/ modules outside Next's bundler. They begin with
// `import "server-only"`, whose default export throws unless the "react-server" condition is on;
// that condition cannot be turned on for the whole process (Next's own server needs React's
// regular build), so only this one package is resolved to its empty module, as the bundler does.
import Module, { createRequire } from "node:module";
import path from "node:path";

const empty = path.join(path.dirname(createRequire(import.meta.url).resolve("server-only")), "empty.js");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "server-only" ? empty : resolve.call(this, request, ...rest);
};
