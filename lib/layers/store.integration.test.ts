import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { analyseImage, analysisCounters } from "@/lib/layers/actions";
import { listLayerFiles } from "@/lib/layers/queries";
import { getLayerStore, openLayerStore, readLayerEntries, setLayerStore } from "@/lib/layers/store";
import { buildImage, docker, uniqueName } from "@/lib/testing/docker-cli";
import { prepareRouteTests } from "@/lib/testing/route-client";

// The store behind the analysis: a fresh migrated database, the private engine's images.
prepareRouteTests();

const snapshot = () => ({ ...analysisCounters });

describe("layer analysis store", () => {
  const tags = {
    first: uniqueName("it-store-a"),
    second: uniqueName("it-store-b"),
    fresh: uniqueName("it-store-c"),
    child: uniqueName("it-store-d"),
  };
  // Two images that share their base and first RUN layer and differ in the top one.
  const shared = "FROM local/busybox:1\nRUN mkdir -p /srv && for i in $(seq 1 300); do echo file $i > /srv/f$i; done\n";

  before(() => {
    buildImage(tags.first, `${shared}RUN echo one > /srv/top\n`);
    buildImage(tags.second, `${shared}RUN echo two-two > /srv/top && echo changed > /srv/f2 && rm /srv/f1\n`);
    buildImage(tags.fresh, "FROM local/busybox:1\nRUN echo fresh > /fresh\n");
    buildImage(tags.child, `FROM ${tags.first}\nRUN echo child > /child\n`);
  });
  after(() => docker("rmi", "-f", ...Object.values(tags)));

  test("the first request parses every layer; the second answers from the store, fast", async () => {
    const before = snapshot();
    const first = await analyseImage({ ref: tags.first });
    assert.equal(analysisCounters.runs, before.runs + 1);
    assert.equal(analysisCounters.layersParsed, before.layersParsed + 3);
    assert.equal(first.layers[1]!.files.added, 301);

    const started = process.hrtime.bigint();
    const second = await analyseImage({ ref: tags.first });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(analysisCounters.runs, before.runs + 1, "no second run");
    assert.deepEqual(second, first);
    console.log(`second request: ${ms.toFixed(1)} ms`);
    // The target is 50 ms; the bound leaves room for a busy test machine.
    assert.ok(ms < 250, `second request took ${ms.toFixed(1)} ms`);
  });

  test("an image sharing all but its top layer parses only its new layer", async () => {
    const before = snapshot();
    const analysis = await analyseImage({ ref: tags.second });
    assert.equal(analysisCounters.runs, before.runs + 1);
    assert.equal(analysisCounters.layersParsed - before.layersParsed, 1, "only the top layer is parsed");
    assert.equal(analysisCounters.layersSkipped - before.layersSkipped, 2, "the shared layers' bytes are skipped");
    // The skipped layers' entries still count: the top layer overwrote and deleted shared files.
    assert.deepEqual(analysis.layers[2]!.files, { added: 1, changed: 1, deleted: 1 });
    assert.deepEqual(analysis.waste.map((item) => [item.path, item.reason]).sort(), [
      ["/srv/f1", "deleted"],
      ["/srv/f2", "overwritten"],
    ]);
  });

  test("an image built FROM an analysed one parses only its own layer (the base's top layer has another name there)", async () => {
    const before = snapshot();
    const analysis = await analyseImage({ ref: tags.child });
    assert.equal(analysisCounters.layersParsed - before.layersParsed, 1);
    assert.equal(analysisCounters.layersSkipped - before.layersSkipped, 3);
    assert.equal(analysis.baseLayers, 3, "the analysed image is the base");
    assert.deepEqual(analysis.baseImage?.repoTags, [`${tags.first}:latest`]);
  });

  test("concurrent requests for the same image share one run", async () => {
    const before = snapshot();
    const results = await Promise.all([1, 2, 3].map(() => analyseImage({ ref: tags.fresh })));
    assert.equal(analysisCounters.runs, before.runs + 1);
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
  });

  test("after a restart (a new connection to the same database) answers and listings come from the store", async () => {
    await getLayerStore().close();
    setLayerStore(openLayerStore(process.env.DATABASE_URL!));
    const before = snapshot();
    const analysis = await analyseImage({ ref: tags.second });
    assert.equal(analysisCounters.runs, before.runs);
    const listing = await listLayerFiles({ ref: tags.second, index: 2, path: "/srv", view: "layer" });
    assert.deepEqual(
      listing.entries.map((entry) => [entry.name, entry.change]),
      [
        ["f1", "deleted"],
        ["f2", "changed"],
        ["top", "added"],
      ],
    );
    const union = await listLayerFiles({ ref: tags.second, index: 2, path: "/srv", view: "union", limit: 5 });
    assert.equal(union.total, 301, "300 files, one deleted (shown struck out), and top");
    assert.equal(analysis.layers.length, 3);
  });

  test("a stored layer's rows stream back in tar order, a page at a time, with implicit parents kept apart", async () => {
    const store = getLayerStore();
    const [, layer] = docker("image", "inspect", "--format", "{{json .RootFS.Layers}}", tags.first)
      .slice(1, -1)
      .split(",")
      .map((id) => JSON.parse(id) as string);
    const stored = (await store.storedLayer(layer!))!;
    assert.ok(stored.entryCount >= 301);
    const entries = await readLayerEntries(store, stored.id);
    assert.equal(entries.length, stored.entryCount);
    assert.ok(entries.every((entry, index) => index === 0 || entry.position > entries[index - 1]!.position));
    assert.ok(entries.every((entry) => !entry.implicit));
  });
});
