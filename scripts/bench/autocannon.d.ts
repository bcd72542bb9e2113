// autocannon ships no types and @types/autocannon is not installed: the part of its API the load
// benchmark uses (https://github.com/mcollina/autocannon#api).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      timeout?: number;
      headers?: Record<string, string>;
      requests?: (Request & { setupRequest?: (request: Request, context: Record<string, unknown>) => Request })[];
    };
    type Result = {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      "2xx": number;
      requests: { average: number; total: number };
      latency: { p50: number; p90: number; p99: number };
    };
    type Instance = EventEmitter &
      PromiseLike<Result> & {
        on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
        stop(): void;
      };
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
