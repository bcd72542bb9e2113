import { createHash } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { sniffArchive } from "@/lib/archive/sniff";
import { MAX_DOCKERFILE_BYTES } from "@/lib/dockerfile/schemas";

/** `{path: sha256 hex}` of a build context's regular files, paths as COPY names them (no `./`). */
export type ContextHashes = Record<string, string>;

/** What reading an uploaded context found: its files' hashes and the Dockerfile's text, or null when it could not be read. */
export type ContextDigest = { hashes: ContextHashes; dockerfile: string | null } | null;

/** A context path as COPY sources name it: no leading `./` or `/`. */
export function normalizeContextPath(name: string): string {
  return name.replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "");
}

function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * The hashes of a typed build's context (the Dockerfile and its small files), known up front.
 *
 * @example hashTypedContext({ dockerfile: "FROM x\n", files: { "a.txt": "hi" } }, "Dockerfile") // { Dockerfile: "…", "a.txt": "…" }
 */
export function hashTypedContext(files: Record<string, string>): ContextHashes {
  const hashes: ContextHashes = {};
  for (const [name, content] of Object.entries(files)) hashes[normalizeContextPath(name)] = sha256(content);
  return hashes;
}

/**
 * Splits an uploaded context so that the engine gets every byte as it arrives while a second reader
 * hashes each file of the tar (gzip undone on the way) and keeps the Dockerfile's text: nothing is
 * buffered beyond the streams' own high-water marks, and the slower reader sets the pace. bzip2 and
 * xz contexts, which Node cannot unpack, go to the engine unhashed (the digest is null), as does a
 * context the hasher cannot read: the engine is the judge of what it accepts.
 *
 * @example
 * const { toEngine, digest } = hashContextWhileStreaming(body, "Dockerfile");
 * await engine.build(toEngine); (await digest)?.hashes["app/main.go"]
 */
export function hashContextWhileStreaming(
  source: Readable,
  dockerfilePath: string,
  head: Buffer,
): { toEngine: Readable; digest: Promise<ContextDigest> } {
  const toEngine = new PassThrough();
  const kind = sniffArchive(head);
  source.pipe(toEngine);
  // The engine side closing early (a refused build) must release the upload too.
  toEngine.once("close", () => source.destroy());
  if (kind !== "tar" && kind !== "gzip") return { toEngine, digest: Promise.resolve(null) };

  const toHasher = new PassThrough();
  source.pipe(toHasher);
  let ended = false;
  source.once("end", () => (ended = true));
  // A source destroyed before its end (the client went away) never ends its destinations.
  source.once("close", () => {
    if (!ended) toHasher.destroy(new Error("the context ended early"));
  });

  const digest = new Promise<ContextDigest>((resolve) => {
    const hashes: ContextHashes = {};
    let dockerfile: string | null = null;
    const wanted = normalizeContextPath(dockerfilePath);
    const tar = extract();
    const give = (value: ContextDigest) => {
      if (value === null) {
        // Stop hashing but keep taking bytes, or the engine side would wait for this one.
        source.unpipe(toHasher);
        toHasher.resume();
      }
      resolve(value);
    };
    tar.on("entry", (header, stream, next) => {
      const name = normalizeContextPath(header.name);
      if (header.type !== "file" && header.type !== "contiguous-file") {
        stream.on("end", next).resume();
        return;
      }
      const hash = createHash("sha256");
      const keep = name === wanted && (header.size ?? 0) <= MAX_DOCKERFILE_BYTES ? ([] as Buffer[]) : null;
      stream.on("data", (data: unknown) => {
        const chunk = data as Buffer;
        hash.update(chunk);
        keep?.push(chunk);
      });
      stream.on("end", () => {
        hashes[name] = hash.digest("hex");
        if (keep) dockerfile = Buffer.concat(keep).toString("utf8");
        next();
      });
    });
    tar.on("finish", () => give({ hashes, dockerfile }));
    tar.on("error", () => give(null));
    toHasher.on("error", () => {
      tar.destroy();
      give(null);
    });
    if (kind === "gzip") {
      const gunzip = createGunzip();
      gunzip.on("error", () => {
        tar.destroy();
        give(null);
      });
      toHasher.pipe(gunzip).pipe(tar);
    } else {
      toHasher.pipe(tar);
    }
  });
  return { toEngine, digest };
}
