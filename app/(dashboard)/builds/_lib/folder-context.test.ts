import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { extract } from "tar-stream";
import { contextPath, packFolder, type ContextFile } from "./folder-context";

/** Every entry of an archive as tar-stream (the server's own tar reader) reads it. */
async function entriesOf(archive: Blob): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        entries.set(header.name, Buffer.concat(chunks).toString("utf8"));
        assert.equal(header.mode, 0o755);
        next();
      });
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  Readable.from(Buffer.from(await archive.arrayBuffer())).pipe(reader);
  await done;
  return entries;
}

const file = (path: string, text: string): ContextFile => ({ path, blob: new Blob([text]), mtime: 1_700_000_000_000 });

describe("packFolder", () => {
  test("packs every file with its content, leaving out what .dockerignore excludes as Docker does", async () => {
    const longPath = `deep/${"d".repeat(120)}/${"n".repeat(90)}.txt`;
    const longerThanUstar = `${"x".repeat(160)}/${"y".repeat(120)}.txt`;
    const packed = await packFolder(
      [
        file("Dockerfile", "FROM local/busybox:1\nCOPY . /ctx\n"),
        file(".dockerignore", "*.log\nbuild\n!keep.log\nDockerfile\n"),
        file("app.log", "ignored"),
        file("keep.log", "kept by !"),
        file("sub/app.log", "a pattern is anchored at the root, so this stays"),
        file("build/out.bin", "ignored folder"),
        file("src/main.sh", "echo hi"),
        file("odd-size.txt", "x".repeat(513)),
        file(longPath, "long but splits into prefix and name"),
        file(longerThanUstar, "needs a PAX path"),
      ],
      "Dockerfile",
    );
    assert.deepEqual(packed.ignored.sort(), ["app.log", "build/out.bin"]);
    assert.equal(packed.hasDockerfile, true);
    const entries = await entriesOf(packed.archive);
    assert.deepEqual(
      [...entries.keys()].sort(),
      [".dockerignore", "Dockerfile", "keep.log", longPath, longerThanUstar, "odd-size.txt", "src/main.sh", "sub/app.log"].sort(),
    );
    assert.equal(entries.get("Dockerfile"), "FROM local/busybox:1\nCOPY . /ctx\n");
    assert.equal(entries.get("odd-size.txt"), "x".repeat(513));
    assert.equal(entries.get(longerThanUstar), "needs a PAX path");
    assert.equal(packed.archive.size % 512, 0);
  });

  test("a folder without the Dockerfile says so", async () => {
    const packed = await packFolder([file("src/a.txt", "a")], "Dockerfile");
    assert.equal(packed.hasDockerfile, false);
  });
});

test("contextPath drops the picked folder's own name", () => {
  assert.equal(contextPath("project/src/main.go"), "src/main.go");
  assert.equal(contextPath("project/Dockerfile"), "Dockerfile");
});
