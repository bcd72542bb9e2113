import fs from "node:fs";
import path from "node:path";

/** One segment of a route's URL as its folder name says: `images`, `[ref]`, `[...missing]`. */
export type RouteSegment = { kind: "static"; value: string } | { kind: "dynamic"; name: string } | { kind: "catch-all"; name: string };

/** A route file (`app/api/**\/route.ts`) as the URL pattern it serves and the methods it exports. */
export type ApiRouteFile = {
  /** The pattern with `{param}` for each dynamic segment: `/api/images/{ref}/tag`. */
  pattern: string;
  segments: RouteSegment[];
  /** The file, relative to the project root. */
  file: string;
  /** The HTTP methods the file exports, read from its source (`export const POST = ...`). */
  methods: string[];
};

/** A page file (`app/**\/page.tsx`) as the URL pattern it serves. */
export type PageFile = { pattern: string; segments: RouteSegment[]; file: string };

const APP_DIR = path.join(process.cwd(), "app");

function segmentsOf(dir: string): RouteSegment[] {
  return path
    .relative(APP_DIR, dir)
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment): RouteSegment => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      if (catchAll) return { kind: "catch-all", name: catchAll[1]! };
      const param = /^\[(.+)\]$/.exec(segment);
      return param ? { kind: "dynamic", name: param[1]! } : { kind: "static", value: segment };
    });
}

function patternOf(segments: RouteSegment[]): string {
  const parts = segments.map((segment) =>
    segment.kind === "static" ? segment.value : segment.kind === "dynamic" ? `{${segment.name}}` : `{...${segment.name}}`,
  );
  return `/${parts.join("/")}`;
}

function walk(dir: string, found: (file: string) => void): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // A private folder (`_components`) and everything under it is left out of routing.
    if (entry.isDirectory()) {
      if (!entry.name.startsWith("_")) walk(full, found);
    } else found(full);
  }
}

/**
 * Every API route file under app/, read from the file tree the way Next.js routes: a route group
 * `(name)` adds no segment, `[param]` is dynamic, `[...param]` catches the rest.
 *
 * @example listApiRoutes().find((route) => route.pattern === "/api/images/{ref}")?.methods // ["GET", "DELETE"]
 */
export function listApiRoutes(): ApiRouteFile[] {
  const routes: ApiRouteFile[] = [];
  walk(path.join(APP_DIR, "api"), (full) => {
    if (path.basename(full) !== "route.ts") return;
    const segments = segmentsOf(path.dirname(full));
    const source = fs.readFileSync(full, "utf8");
    const methods = [...source.matchAll(/export const (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((match) => match[1]!);
    routes.push({ pattern: patternOf(segments), segments, file: path.relative(process.cwd(), full), methods });
  });
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * Every page under app/, as the URL pattern it serves.
 *
 * @example listPages().map((page) => page.pattern) // ["/", "/audit", "/images", "/images/{ref}", ...]
 */
export function listPages(): PageFile[] {
  const pages: PageFile[] = [];
  walk(APP_DIR, (full) => {
    if (path.basename(full) !== "page.tsx") return;
    const segments = segmentsOf(path.dirname(full));
    pages.push({ pattern: patternOf(segments), segments, file: path.relative(process.cwd(), full) });
  });
  return pages.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * A concrete path for a pattern: each `{param}` replaced by `samples[param]` as given (already
 * URL-encoded), or "x".
 *
 * @example samplePath(imageRoute, { ref: encodeURIComponent("seed/web:1") }) // "/api/images/seed%2Fweb%3A1"
 */
export function samplePath(route: { segments: RouteSegment[] }, samples: Record<string, string> = {}): string {
  const parts = route.segments.map((segment) => (segment.kind === "static" ? segment.value : (samples[segment.name] ?? "x")));
  return `/${parts.join("/")}`;
}

function decodeParam(part: string, pathname: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`${pathname}: Next's router rejects a malformed percent-escape before any route code runs; test it against next start`);
  }
}

// Next.js prefers a static segment to a dynamic one, and a dynamic one to a catch-all, comparing
// from the left: /api/images/import is the import route, not /api/images/{ref} with ref "import".
const RANK = { static: 0, dynamic: 1, "catch-all": 2 } as const;

function compareSpecificity(a: RouteSegment[], b: RouteSegment[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = RANK[a[i]?.kind ?? "static"] - RANK[b[i]?.kind ?? "static"];
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The route file that serves a request path and the params Next.js would hand its handler. Each
 * param is percent-decoded, as Next's route matcher does (`seed%2Fweb%3A1` arrives as
 * `seed/web:1`); a malformed escape throws, as Next's router fails before any route code runs.
 *
 * @example matchApiRoute(routes, "/api/images/seed%2Fweb%3A1/tag") // { route: <.../tag/route.ts>, params: { ref: "seed/web:1" } }
 */
export function matchApiRoute(
  routes: ApiRouteFile[],
  pathname: string,
): { route: ApiRouteFile; params: Record<string, string | string[]> } | null {
  const parts = pathname.replace(/\/+$/, "").split("/").slice(1);
  const candidates = [...routes].sort((a, b) => compareSpecificity(a.segments, b.segments));
  for (const route of candidates) {
    const params: Record<string, string | string[]> = {};
    let matched = true;
    for (let i = 0; i < route.segments.length && matched; i++) {
      const segment = route.segments[i]!;
      const part = parts[i];
      if (part === undefined || part === "") matched = false;
      else if (segment.kind === "static") matched = part === segment.value;
      else if (segment.kind === "dynamic") params[segment.name] = decodeParam(part, pathname);
      else {
        params[segment.name] = parts.slice(i).map((rest) => decodeParam(rest, pathname));
        return { route, params };
      }
    }
    if (matched && parts.length === route.segments.length) return { route, params };
  }
  return null;
}
