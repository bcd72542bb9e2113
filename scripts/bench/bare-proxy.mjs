/**
 * The floor of any HTTP hop between a client and the engine, for the transfers benchmark: a plain
 * Node reverse proxy, without the dashboard (no sign-in, no checks, no audit, no progress), that
 * pipes each request to the engine's socket and the engine's answer back, with the same 256 KiB
 * stream buffers as the dashboard's server. Whatever the dashboard costs beyond this proxy is its
 * own; what this proxy costs beyond the CLI is the extra hop (curl → proxy → engine instead of
 * CLI → engine).
 *
 * Usage: node scripts/bench/bare-proxy.mjs <engine socket path> <port>   (prints "listening")
 */
import http from "node:http";
import { setDefaultHighWaterMark } from "node:stream";

setDefaultHighWaterMark(false, 256 * 1024);
const [socketPath, port] = process.argv.slice(2);

const server = http.createServer((req, res) => {
  const upstream = http.request({ socketPath, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (error) => res.destroy(error));
  req.pipe(upstream);
});
server.requestTimeout = 0;
server.listen(Number(port), "127.0.0.1", () => console.log("listening"));
