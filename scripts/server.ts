/**
 * The production server (`npm start` runs it once the database is migrated, scripts/start.ts):
 * Next.js's request handler, with the byte-heavy transfer routes taken out before Next.js sees
 * them and served from Node's own request and response objects (lib/http/node-route): the upload
 * is piped to the engine's socket and the engine's stream into the response with back-pressure,
 * without turning either into a web stream (issue 16). Same port, same URLs, same checks and
 * error shapes; every other request is Next's.
 *
 * Run with `node --import ./scripts/lib/server-only-shim.mjs --import tsx scripts/server.ts`.
 */
import http from "node:http";
import next from "next";

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);

async function main(): Promise<void> {
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  // Loaded once Next.js has set up its server environment (the request-scoped storage that
  // lib/auth's imports of next/headers expect to find on globalThis).
  const { nodeRouteDispatcher } = await import("../lib/http/node-route");
  const { FAST_ROUTES } = await import("./fast-routes");
  const dispatchFast = nodeRouteDispatcher(FAST_ROUTES);
  const server = http.createServer((req, res) => {
    if (dispatchFast(req, res)) return;
    void handleNext(req, res);
  });
  // An upload or a download lasts as long as its bytes take (a 4 GB root filesystem on a slow
  // link): Node's default of 5 minutes per request would cut it. Headers still have their limit.
  server.requestTimeout = 0;
  // Keep-alive longer than the usual load balancer's idle timeout (60 s), as `next start` does.
  server.keepAliveTimeout = 65_000;
  server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(
    `serving on http://${hostname}:${port} (transfers: ${FAST_ROUTES.map((route) => `${route.contract.method} ${route.contract.path}`).join(", ")})`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      server.closeAllConnections();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error("the server could not start:", error);
  process.exit(1);
});
