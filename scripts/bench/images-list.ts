/**
 * `GET /api/images` against the engine's own `GET /images/json`, with 1,000 image references on the
 * engine (many tags over a few hundred small imported images, as hosts with CI caches look).
 * Target: p50 and p95 of the dashboard within 1.3x of the engine's.
 */
import http from "node:http";
import { pack } from "tar-stream";
import pLimit from "p-limit";
import { signIn, TEST_ADMIN } from "../../lib/testing/http-client";
import { startServer } from "../../lib/testing/server";
import { engineRequest } from "./engine-http";

const DISTINCT_IMAGES = 250;
const TAGS_PER_IMAGE = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

async function tinyRootfs(index: number): Promise<Buffer> {
  const archive = pack();
  archive.entry({ name: "etc/", type: "directory" });
  archive.entry({ name: "etc/bench-image" }, `image ${index}\n${"x".repeat(index * 7)}\n`);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function fillEngine(socketPath: string): Promise<number> {
  const limit = pLimit(4);
  await Promise.all(
    Array.from({ length: DISTINCT_IMAGES }, (_, index) =>
      limit(async () => {
        const repo = `bench/app${index}`;
        const created = await engineRequest({
          socketPath,
          method: "POST",
          path: `/images/create?fromSrc=-&repo=${encodeURIComponent(repo)}&tag=v0`,
          body: await tinyRootfs(index),
          headers: { "content-type": "application/x-tar" },
        });
        if (created.status !== 200 || created.body.includes('"error"')) throw new Error(created.body.toString());
        for (let tag = 1; tag < TAGS_PER_IMAGE; tag++) {
          const tagged = await engineRequest({
            socketPath,
            method: "POST",
            path: `/images/${encodeURIComponent(`${repo}:v0`)}/tag?repo=${encodeURIComponent(repo)}&tag=v${tag}`,
          });
          if (tagged.status !== 201) throw new Error(tagged.body.toString());
        }
      }),
    ),
  );
  const list = await engineRequest({ socketPath, path: "/images/json" });
  const images = JSON.parse(list.body.toString()) as { RepoTags: string[] | null }[];
  return images.reduce((sum, image) => sum + (image.RepoTags?.length ?? 0), 0);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchImagesList(): Promise<Record<string, number>> {
  const dockerHost = process.env.DOCKER_HOST!;
  const socketPath = dockerHost.slice("unix://".length);
  console.log(`images list: filling the engine with ${DISTINCT_IMAGES} images x ${TAGS_PER_IMAGE} tags ...`);
  const fillStart = Date.now();
  const references = await fillEngine(socketPath);
  console.log(`images list: ${references} references on the engine (filled in ${((Date.now() - fillStart) / 1000).toFixed(1)} s)`);

  const server = await startServer({ DOCKER_HOST: dockerHost });
  try {
    const agent = new http.Agent({ keepAlive: true });
    // Signed in like a browser: every request pays the session lookup, as real use does.
    const client = await signIn(server.baseUrl, TEST_ADMIN.username, TEST_ADMIN.password);
    const app = async () => {
      const response = await client.fetch("/api/images");
      if (response.status !== 200) throw new Error(`GET /api/images: ${response.status}`);
      await response.arrayBuffer();
    };
    const engine = async () => {
      const response = await engineRequest({ socketPath, path: "/images/json", agent });
      if (response.status !== 200) throw new Error(`GET /images/json: ${response.status}`);
    };
    const cold = await timed(app);
    for (let i = 0; i < 10; i++) {
      await app();
      await engine();
    }
    const appTimes: number[] = [];
    const engineTimes: number[] = [];
    // Interleaved so both see the same machine load.
    for (let i = 0; i < ROUNDS; i++) {
      engineTimes.push(await timed(engine));
      appTimes.push(await timed(app));
    }
    // After every change the engine announces, the next list goes to the engine again: measure that
    // path too, making a change (tag, then untag) before each timed request.
    const missTimes: number[] = [];
    const missRounds = Math.max(20, Math.floor(ROUNDS / 4));
    for (let i = 0; i < missRounds; i++) {
      const tag = await engineRequest({ socketPath, method: "POST", path: `/images/bench%2Fapp0:v0/tag?repo=bench%2Fchurn&tag=t${i}` });
      if (tag.status !== 201) throw new Error(tag.body.toString());
      await new Promise((resolve) => setTimeout(resolve, 20));
      missTimes.push(await timed(app));
      await engineRequest({ socketPath, method: "DELETE", path: `/images/bench%2Fchurn:t${i}` });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const result = {
      references,
      rounds: ROUNDS,
      coldFirstLoadMs: cold,
      engineP50Ms: percentile(engineTimes, 50),
      engineP95Ms: percentile(engineTimes, 95),
      appP50Ms: percentile(appTimes, 50),
      appP95Ms: percentile(appTimes, 95),
      afterChangeP50Ms: percentile(missTimes, 50),
      afterChangeP95Ms: percentile(missTimes, 95),
    };
    return {
      ...result,
      ratioP50: result.appP50Ms / result.engineP50Ms,
      ratioP95: result.appP95Ms / result.engineP95Ms,
      afterChangeRatioP50: result.afterChangeP50Ms / result.engineP50Ms,
    };
  } finally {
    await server.stop();
  }
}
