import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, test } from "node:test";

import { hasKeptContext, KEPT_CONTEXTS, keepWhileStreaming, keptContextPath, storeKeptContext } from "@/lib/builds/kept-context";

// Read when first asked (not at import): the files go to a folder of this test's own.
process.env.DASHBOARD_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "kept-context-"));

const partFiles = () => fs.readdirSync(path.join(process.env.DASHBOARD_DATA_DIR!, "builds")).filter((name) => name.endsWith(".part"));

describe("an uploaded context kept while it streams", () => {
  test("the same bytes go on, and the same bytes are kept under the build's name", async () => {
    const { stream, kept } = keepWhileStreaming(Readable.from([Buffer.from("tar "), Buffer.from("bytes "), Buffer.from("here")]));
    assert.equal(await text(stream), "tar bytes here");
    const file = await kept;
    assert.ok(file);
    await storeKeptContext(file, "build-1");
    assert.equal(fs.readFileSync(keptContextPath("build-1"), "utf8"), "tar bytes here");
    assert.ok(hasKeptContext("build-1"));
    assert.deepEqual(partFiles(), []);
  });

  test("past the size limit nothing is kept, and the upload still goes on whole", async () => {
    const { stream, kept } = keepWhileStreaming(Readable.from([Buffer.alloc(8, 97), Buffer.alloc(8, 98)]), { maxBytes: 10 });
    assert.equal((await text(stream)).length, 16);
    assert.equal(await kept, null);
    assert.deepEqual(partFiles(), []);
  });

  test("an upload that ends early (the client went away) is not kept", async () => {
    const source = new Readable({ read() {} });
    const { stream, kept } = keepWhileStreaming(source);
    stream.resume();
    source.push(Buffer.from("half"));
    source.destroy(new Error("the client went away"));
    assert.equal(await kept, null);
    assert.deepEqual(partFiles(), []);
  });

  test("only the newest are kept", async () => {
    for (let index = 0; index < KEPT_CONTEXTS + 2; index++) {
      const { stream, kept } = keepWhileStreaming(Readable.from([Buffer.from(`context ${index}`)]));
      await text(stream);
      await storeKeptContext(await kept, `newest-${index}`);
      // Distinct modification times, oldest first.
      fs.utimesSync(keptContextPath(`newest-${index}`), new Date(), new Date(Date.now() - (100 - index) * 1000));
    }
    const left = fs.readdirSync(path.join(process.env.DASHBOARD_DATA_DIR!, "builds")).filter((name) => name.endsWith(".context"));
    assert.equal(left.length, KEPT_CONTEXTS);
    assert.ok(!hasKeptContext("newest-0"));
    assert.ok(hasKeptContext(`newest-${KEPT_CONTEXTS + 1}`));
  });
});
