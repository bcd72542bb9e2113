import { Transform, type TransformCallback } from "node:stream";
import { Decompress } from "fzstd";

/**
 * A zstd decoder as a Node Transform, for layer blobs compressed with zstd (BuildKit's
 * `compression=zstd`, containerd's exports). Node 20's zlib has none (it arrives in 22.15); fzstd is
 * a small pure-JS streaming decoder. Pass it as walk's `decompressors.zstd`.
 *
 * @example walkImageArchive({ open, decompressors: { zstd: createZstdDecompress } })
 */
export function createZstdDecompress(): Transform {
  let target: Transform | null = null;
  const decoder = new Decompress((chunk) => {
    // Each block fzstd hands out is its own array (it copies it into its window afterwards).
    if (chunk.byteLength > 0) target?.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  });
  target = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        decoder.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  return target;
}
