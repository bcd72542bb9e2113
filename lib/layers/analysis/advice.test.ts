import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { adviseImage, type LayerStep } from "@/lib/layers/analysis/advice";
import { layerEntry as e } from "@/lib/layers/analysis/synthetic-archive";
import type { LayerEntries } from "@/lib/layers/analysis/types";
import { computeWaste } from "@/lib/layers/analysis/waste";

const busybox = [e.dir("/bin"), e.file("/bin/busybox", 1_000_000), e.file("/etc/passwd", "root:x:0:0::/root:/bin/sh\n")];

/** Layers with their instructions; step indexes count a metadata-only step in front of each. */
function image(spec: [string, LayerEntries][], baseLayers = 1) {
  const layers = spec.map(([, entries]) => entries);
  const steps: LayerStep[] = spec.map(([instruction], index) => ({ stepIndex: index * 2, instruction }));
  const analysis = computeWaste({ layers, baseLayers });
  return { layers, steps, analysis, advise: (options = {}) => adviseImage({ analysis, layers, steps, options }) };
}

describe("adviseImage", () => {
  test("a file deleted by a later step: chain the commands into one RUN", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["WORKDIR /data", [e.dir("/data")]],
      ["RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50", [e.dir("/data"), e.file("/data/big.bin", 52_428_800)]],
      ["RUN rm /data/big.bin", [e.dir("/data"), e.whiteout("/data/big.bin")]],
    ]);
    const [first, ...rest] = advise();
    assert.equal(first!.rule, "delete-in-same-step");
    assert.deepEqual(first!.layers, [2, 3]);
    assert.deepEqual(first!.steps, [4, 6]);
    assert.equal(first!.bytes, 52_428_800);
    assert.match(first!.title, /\/data\/big\.bin/);
    assert.match(first!.detail, /^Step 5 \(`RUN dd/);
    assert.match(first!.detail, /step 7 \(`RUN rm/);
    assert.match(first!.detail, /one RUN \(`RUN dd if=\/dev\/zero of=\/data\/big.bin bs=1M count=50 && rm \/data\/big.bin`\)/);
    assert.deepEqual(
      rest.map((advice) => advice.rule),
      [],
    );
  });

  test("the chained version has nothing to say", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50 && rm /data/big.bin", [e.dir("/data")]],
    ]);
    assert.deepEqual(advise(), []);
  });

  test("apt lists left in a layer: clean up in the same RUN", () => {
    const lists = Array.from({ length: 4 }, (_, index) => e.file(`/var/lib/apt/lists/deb.debian.org_dists_${index}_Packages`, 300_000));
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["RUN apt-get update && apt-get install -y curl", [e.dir("/var/lib/apt/lists"), ...lists, e.file("/usr/bin/curl", 250_000)]],
    ]);
    const [cache] = advise();
    assert.equal(cache!.rule, "package-manager-cache");
    assert.equal(cache!.bytes, 1_200_000);
    assert.deepEqual(cache!.layers, [1]);
    assert.deepEqual(cache!.steps, [2]);
    assert.match(cache!.title, /^apt cache left in step 3/);
    assert.match(cache!.detail, /rm -rf \/var\/lib\/apt\/lists/);
  });

  test("a cache removed by a later step is named once, as a cache, with the step that removed it too late", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["RUN pip install flask", [e.file("/root/.cache/pip/http/a", 200_000), e.file("/usr/lib/python3/flask.py", 5000)]],
      ["RUN rm -rf /root/.cache", [e.whiteout("/root/.cache")]],
    ]);
    const advice = advise();
    assert.deepEqual(
      advice.map((item) => item.rule),
      ["package-manager-cache"],
    );
    assert.deepEqual(advice[0]!.layers, [1, 2]);
    assert.match(advice[0]!.detail, /too late/);
    assert.match(advice[0]!.detail, /--no-cache-dir/);
  });

  test("COPY then RUN chmod: use COPY --chmod", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["COPY app /app", [e.dir("/app"), e.file("/app/server", 8_000_000)]],
      ["RUN chmod +x /app/server", [e.dir("/app"), e.file("/app/server", 8_000_000, { mode: 0o755 })]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "rewritten-in-later-step");
    assert.equal(first!.bytes, 8_000_000);
    assert.match(first!.title, /Owner\/mode changed/);
    assert.match(first!.detail, /COPY `--chmod`/);
  });

  test("a large file copied and then deleted", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["COPY dist.tar.gz /tmp/", [e.file("/tmp/dist.tar.gz", 30_000_000)]],
      ["RUN tar -xzf /tmp/dist.tar.gz -C /opt && rm /tmp/dist.tar.gz", [e.whiteout("/tmp/dist.tar.gz"), e.file("/opt/app", 40_000_000)]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "copied-then-removed");
    assert.match(first!.detail, /--mount=type=bind/);
  });

  test("a file moved by a later step", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["RUN curl -o /tmp/tool https://example.com/tool", [e.file("/tmp/tool", "binary-content-".repeat(200))]],
      ["RUN mv /tmp/tool /usr/local/bin/tool", [e.whiteout("/tmp/tool"), e.file("/usr/local/bin/tool", "binary-content-".repeat(200))]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "delete-in-same-step");
    assert.match(first!.title, /^Moved/);
    assert.match(first!.detail, /final path/);
  });

  test("a big base image: suggest a smaller one", () => {
    const { advise } = image([
      ["ADD file:debian in /", [e.file("/usr/lib/x86_64-linux-gnu/libbig.so", 80_000_000)]],
      ["COPY app /app", [e.file("/app/main", 5_000_000)]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "base-image-share");
    assert.match(first!.title, /94%/);
    assert.deepEqual(first!.layers, [0]);
  });

  test("compilers and -dev packages in the final image: a multi-stage build", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      [
        "RUN apt-get install -y build-essential libssl-dev && make",
        [
          e.file("/usr/bin/x86_64-linux-gnu-gcc-12", 1_000_000),
          e.file("/usr/lib/gcc/x86_64-linux-gnu/12/cc1", 30_000_000),
          e.file("/usr/bin/make", 250_000),
          e.file("/usr/include/openssl/ssl.h", 120_000),
          e.file("/var/lib/dpkg/info/libssl-dev:amd64.list", 3000),
          e.file("/var/lib/dpkg/info/build-essential.list", 200),
        ],
      ],
    ]);
    const advice = advise().find((item) => item.rule === "build-tools-in-final-image")!;
    assert.equal(advice.bytes, 31_370_000);
    assert.deepEqual(advice.layers, [1]);
    assert.match(advice.detail, /x86_64-linux-gnu-gcc-12/);
    assert.match(advice.detail, /make/);
    assert.match(advice.detail, /libssl-dev/);
    assert.match(advice.detail, /multi-stage/);
  });

  test("base files rewritten by a user step are named as such, not as the user's own waste", () => {
    const { advise } = image([
      ["ADD file:abc in /", [e.file("/usr/lib/libc.so", 2_000_000)]],
      ["RUN apt-get upgrade -y", [e.file("/usr/lib/libc.so", 2_100_000)]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "base-files-hidden");
    assert.match(first!.detail, /newer base image/);
  });

  test("many RUN steps in a row could be one", () => {
    const { advise } = image([
      ["ADD file:abc in /", busybox],
      ["RUN echo 1 > /a", [e.file("/a", "1")]],
      ["RUN echo 2 > /b", [e.file("/b", "2")]],
      ["RUN echo 3 > /c", [e.file("/c", "3")]],
      ["COPY . /app", [e.file("/app/x", "x")]],
    ]);
    const [first] = advise();
    assert.equal(first!.rule, "many-layers");
    assert.deepEqual(first!.layers, [1, 2, 3]);
    assert.match(first!.detail, /Steps 3–7/);
  });

  test("without history the advice names layers", () => {
    const layers = [busybox, [e.file("/x", 5000)], [e.whiteout("/x")]];
    const analysis = computeWaste({ layers, baseLayers: 1 });
    const [first] = adviseImage({ analysis, layers, steps: [null, null, null] });
    assert.deepEqual(first!.steps, []);
    assert.match(first!.detail, /^Layer 1 writes/);
  });
});
