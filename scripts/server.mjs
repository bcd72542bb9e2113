/**
 * The production server (`npm start` runs it once the database is migrated, scripts/start.ts):
 * Next.js's request handler, with the byte-heavy transfer routes taken out before Next.js sees
 * them and served from Node's own request and response objects (lib/http/node-route): the upload
 * is piped to the engine's socket (a large one moved by pv, lib/docker/upload-pump) and the
 * engine's stream into the response with back-pressure, without turning either into a web stream.
 * Same port, same URLs, same checks and error shapes; every other request is Next's.
 *
 * Run with `node scripts/server.mjs` (scripts/start.ts does). Plain JavaScript, run by plain Node:
 * under tsx's loader every module Next.js requires went through its hooks, and the server held
 * twice the memory (330 MB idle against 165 MB).
 */
import http from "node:http";
import { setDefaultHighWaterMark } from "node:stream";
import v8 from "node:v8";
import next from "next";

// The old generation grows by half of what survives a full collection, instead of V8's own
// choice. A transfer allocates almost nothing that lives, so V8 judges its collector cheap and
// lets the heap grow by its minimum (10 %) plus the young generation: a margin so small that every
// young collection (one per 32 MB of Buffers moved) starts the next full one. In that state a
// 1 GB transfer took 30 to 60 full collections and 4 s of CPU instead of 1.3 s, and the state
// appeared whenever the server had been idle before the transfer. Measured and explained in the
// README's performance section.
v8.setFlagsFromString("--heap-growing-percent=50");

// Byte streams buffer up to 256 KiB instead of 16 KiB: a pipe from one socket to another pauses
// its source whenever the destination holds more than this, and at 16 KiB every 64 KiB socket
// read did (a pause and a resume per chunk, 16,000 per gigabyte). A few buffers of this size per
// transfer are what memory holds.
setDefaultHighWaterMark(false, 256 * 1024);

const hostname = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);

/** @typedef {import("../lib/transfers/fast-routes").PublishedFastRoutes} PublishedFastRoutes */

/** @returns {Promise<PublishedFastRoutes>} */
async function publishedFastRoutes() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const published = globalThis.dashboardFastRoutes;
    if (published) return published;
    if (Date.now() > deadline)
      throw new Error("The build does not publish the transfer routes (instrumentation.ts): run `npm run build` again.");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main() {
  // As the `next` command does for `next start` (instrumentation.ts runs only with it).
  process.env.NEXT_RUNTIME = "nodejs";
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  // The Node handlers come from Next's own server bundle: instrumentation.ts publishes them as the
  // server starts (lib/transfers/fast-routes.ts), so lib/ is loaded once, bundled as for every
  // route. Next.js starts register() during prepare() without waiting for it: wait here, so that
  // no transfer request reaches Next's handler instead.
  const published = await publishedFastRoutes();
  const dispatchFast = published.dispatch;
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
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  console.log(`serving on http://${hostname}:${port} (transfers: ${published.routes.join(", ")})`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      server.close();
      server.closeAllConnections();
      void app.close().finally(() => process.exit(0));
    });
  }
}

main().catch((error) => {
  console.error("the server could not start:", error);
  process.exit(1);
});
