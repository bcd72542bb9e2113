import http from "node:http";

/**
 * Raw HTTP to the engine's unix socket, for the benchmark's own setup and its baseline: the
 * baseline must measure the engine alone, not another client library.
 */
export function engineRequest({
  socketPath,
  method = "GET",
  path,
  body,
  headers = {},
  agent,
}: {
  socketPath: string;
  method?: string;
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
  agent?: http.Agent;
}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, method, path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}
