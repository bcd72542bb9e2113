/**
 * Live pages: how soon a change made on the engine shows in an open page, and what 200
 * open event streams cost the server.
 *
 * - tag → visible: Debian's Chromium (as the e2e tests drive it) open on the images list, signed
 *   in and following the event stream; an image is tagged through the engine API (what `docker
 *   tag` sends) and the time until the new reference is on the page is measured, BENCH_LIVE_TAGS
 *   (20) times. Target: median and worst ≤ 1 s.
 * - 200 streams: BENCH_LIVE_STREAMS (200) `GET /api/events` held open for BENCH_LIVE_SECONDS (60)
 *   while an image is tagged every 5 s; every stream must stay open and receive every tag, with no
 *   error, and the server's resident memory (sampled every second) must stay flat.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { chromium } from "@playwright/test";
import { signIn, TEST_ADMIN } from "../../lib/testing/http-client";
import { startServer } from "../../lib/testing/server";
import { engineRequest } from "./engine-http";

const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TAGS = number("BENCH_LIVE_TAGS", 20);
const STREAMS = number("BENCH_LIVE_STREAMS", 200);
const SECONDS = number("BENCH_LIVE_SECONDS", 60);
const TAG_EVERY_MS = 5_000;
const SOURCE = "local/busybox:1";
// The flags of playwright.config.ts: Debian's Chromium on a network that reaches nothing else.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resident memory of the largest process in the server's process group (the Next.js server). */
function serverRss(pgid: number): number {
  let largest = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0) * 1024;
      largest = Math.max(largest, rss);
    } catch {
      // the process ended meanwhile
    }
  }
  return largest;
}

async function tag(socketPath: string, repo: string, tagName: string): Promise<void> {
  const response = await engineRequest({
    socketPath,
    method: "POST",
    path: `/images/${encodeURIComponent(SOURCE)}/tag?repo=${encodeURIComponent(repo)}&tag=${encodeURIComponent(tagName)}`,
  });
  if (response.status !== 201) throw new Error(`tag ${repo}:${tagName}: ${response.status} ${response.body.toString()}`);
}

async function untag(socketPath: string, reference: string): Promise<void> {
  await engineRequest({ socketPath, method: "DELETE", path: `/images/${encodeURIComponent(reference)}` });
}

/** Tags an image TAGS times with the images list open; the time until each new reference is shown. */
async function tagToVisible(baseUrl: string, cookie: string, socketPath: string): Promise<{ warmUpMs: number; times: number[] }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
    await context.addCookies([{ name, value, url: baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/images`);
    await page.locator('[data-testid="live-status"][data-mode="live"]').waitFor({ timeout: 30_000 });
    await page.getByTestId("images-totals").waitFor();
    const repo = `bench/live-${Date.now().toString(36)}`;
    for (let round = 0; round <= TAGS; round++) {
      const reference = `${repo}:${round}`;
      const started = performance.now();
      await tag(socketPath, repo, String(round));
      await page.getByText(reference, { exact: true }).first().waitFor({ timeout: 30_000 });
      times.push(performance.now() - started);
      await untag(socketPath, reference);
      await page.getByText(reference, { exact: true }).first().waitFor({ state: "detached", timeout: 30_000 });
      // Rounds apart, as changes made by hand are.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await browser.close();
  }
  const [warmUpMs, ...rest] = times;
  return { warmUpMs: warmUpMs!, times: rest };
}

type HeldStreams = { opened: number; errors: number; endedEarly: number; missedEvents: number; tags: number };

/** STREAMS event streams held SECONDS while tagging every 5 s; every stream must see every tag. */
async function holdStreams(baseUrl: string, cookie: string, socketPath: string, onSample: () => void): Promise<HeldStreams> {
  const url = new URL("/api/events", baseUrl);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const received: Set<string>[] = [];
  const requests: http.ClientRequest[] = [];
  let opened = 0;
  let errors = 0;
  let endedEarly = 0;
  let holding = true;
  await Promise.all(
    Array.from(
      { length: STREAMS },
      (_, index) =>
        new Promise<void>((resolve) => {
          received[index] = new Set();
          const request = http.get(
            { host: url.hostname, port: url.port, path: url.pathname, agent, headers: { cookie, accept: "text/event-stream" } },
            (response) => {
              if (response.statusCode !== 200) errors++;
              else opened++;
              let buffered = "";
              response.setEncoding("utf8");
              response.on("data", (chunk: string) => {
                buffered += chunk;
                for (let end = buffered.indexOf("\n\n"); end !== -1; end = buffered.indexOf("\n\n")) {
                  const block = buffered.slice(0, end);
                  buffered = buffered.slice(end + 2);
                  const data = block.split("\n").find((line) => line.startsWith("data: "));
                  if (!data) continue;
                  const event = JSON.parse(data.slice(6)) as { type: string; action: string; name: string | null };
                  if (event.type === "image" && event.action === "tag" && event.name) received[index]!.add(event.name);
                }
              });
              response.on("end", () => {
                if (holding) endedEarly++;
              });
              response.on("error", () => {
                if (holding) errors++;
              });
              resolve();
            },
          );
          request.on("error", () => {
            if (holding) errors++;
            resolve();
          });
          requests.push(request);
        }),
    ),
  );
  const repo = `bench/streams-${Date.now().toString(36)}`;
  const tagged: string[] = [];
  const sampler = setInterval(onSample, 1_000);
  const started = Date.now();
  try {
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((resolve) => setTimeout(resolve, TAG_EVERY_MS));
      const tagName = String(tagged.length);
      await tag(socketPath, repo, tagName);
      tagged.push(`${repo}:${tagName}`);
    }
    // The last tag's event is on its way.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } finally {
    clearInterval(sampler);
    holding = false;
    for (const request of requests) request.destroy();
    agent.destroy();
    for (const reference of tagged) await untag(socketPath, reference);
  }
  const missedEvents = received.reduce((sum, names) => sum + tagged.filter((name) => !names.has(name)).length, 0);
  return { opened, errors, endedEarly, missedEvents, tags: tagged.length };
}

export async function benchLive(): Promise<Record<string, number>> {
  const dockerHost = process.env.DOCKER_HOST!;
  const socketPath = dockerHost.slice("unix://".length);
  const server = await startServer({ DOCKER_HOST: dockerHost });
  try {
    const client = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    const cookie = client.cookie!;
    console.log(`live: tagging ${TAGS} times with the images list open in Chromium ...`);
    const { warmUpMs, times } = await tagToVisible(server.baseUrl, cookie, socketPath);
    console.log(`live: tag → visible (ms): warm-up ${warmUpMs.toFixed(0)}, then ${times.map((ms) => ms.toFixed(0)).join(" ")}`);
    const loadAverage = os.loadavg()[0]!;

    console.log(`live: holding ${STREAMS} event streams for ${SECONDS} s ...`);
    const rssSamples: number[] = [];
    const rssBefore = serverRss(server.pid);
    const held = await holdStreams(server.baseUrl, cookie, socketPath, () => rssSamples.push(serverRss(server.pid)));
    const firstTen = rssSamples.slice(0, 10);
    const lastTen = rssSamples.slice(-10);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    return {
      tagToVisibleMedianMs: percentile(times, 50),
      tagToVisibleWorstMs: Math.max(...times),
      tagRounds: times.length,
      warmUpRoundMs: warmUpMs,
      loadAverage1m: loadAverage,
      streams: STREAMS,
      streamsOpened: held.opened,
      streamErrors: held.errors,
      streamsEndedEarly: held.endedEarly,
      tagsDuringHold: held.tags,
      missedEvents: held.missedEvents,
      holdSeconds: SECONDS,
      serverRssBeforeMb: rssBefore / 2 ** 20,
      serverRssFirst10sMb: mean(firstTen) / 2 ** 20,
      serverRssLast10sMb: mean(lastTen) / 2 ** 20,
      serverRssPeakMb: Math.max(...rssSamples) / 2 ** 20,
    };
  } finally {
    await server.stop();
  }
}
