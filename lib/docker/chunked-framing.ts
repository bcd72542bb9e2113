/**
 * Follows HTTP/1.1 chunked framing (RFC 9112 §7.1) as it goes past, without decoding it: which
 * bytes may be passed on as they are, how many of them are payload, and where the last chunk
 * begins. A download relayed with the engine's own framing (lib/docker/framed-download) costs one
 * look at each chunk's size line, not a copy of each chunk, and its payload is still counted to
 * the byte. The last chunk (`0`, trailers, blank line) is never passed on: whoever relays the body
 * ends it with their own, so that a body cut short never looks whole.
 *
 * @example
 * const framing = new ChunkedFraming();
 * for (const piece of framing.feed(buffer)) socket.write(piece);
 * if (framing.ended) response.end(); // writes `0\r\n\r\n`
 */
export class ChunkedFraming {
  /** Payload bytes seen so far: the body without its framing. */
  payloadBytes = 0;
  /** True once the last chunk's size line has been seen: nothing after it is passed on. */
  ended = false;
  private state: "size" | "data" | "data-end" = "size";
  /** Payload bytes left in the current chunk, or framing bytes left after it (its CRLF). */
  private left = 0;
  /** The start of a size line that the last buffer cut: held back until it is known not to be the last chunk's. */
  private heldLine: Buffer = Buffer.alloc(0);

  /**
   * Takes the next bytes of the body and returns those to pass on, in order (views of `chunk`, and
   * a size line held back from before). Throws on framing that is not chunked.
   */
  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let i = 0;
    while (i < chunk.length && !this.ended) {
      if (this.state === "data") {
        const take = Math.min(this.left, chunk.length - i);
        i += take;
        this.left -= take;
        this.payloadBytes += take;
        if (this.left === 0) [this.state, this.left] = ["data-end", 2];
        continue;
      }
      if (this.state === "data-end") {
        const expected = this.left === 2 ? 0x0d : 0x0a;
        if (chunk[i] !== expected) throw new FramingError("a chunk does not end with CRLF");
        i += 1;
        this.left -= 1;
        if (this.left === 0) this.state = "size";
        continue;
      }
      const lineEnd = chunk.indexOf(0x0a, i);
      if (lineEnd === -1) {
        // The size line goes on in the next buffer: hold it back, it may be the last chunk's.
        if (this.heldLine.length + chunk.length - i > MAX_SIZE_LINE) throw new FramingError("a chunk size line is too long");
        out.push(chunk.subarray(0, i));
        this.heldLine = Buffer.concat([this.heldLine, chunk.subarray(i)]);
        return out.filter((piece) => piece.length > 0);
      }
      const size = chunkSize(Buffer.concat([this.heldLine, chunk.subarray(i, lineEnd)]).toString("latin1"));
      if (size === 0) {
        this.ended = true;
        out.push(chunk.subarray(0, i));
        this.heldLine = Buffer.alloc(0);
        return out.filter((piece) => piece.length > 0);
      }
      if (this.heldLine.length > 0) {
        // The held line comes before anything of this buffer (it was cut at the previous one's end).
        out.push(this.heldLine);
        this.heldLine = Buffer.alloc(0);
      }
      [this.state, this.left] = ["data", size];
      i = lineEnd + 1;
    }
    out.push(this.ended ? chunk.subarray(0, i) : chunk);
    return out.filter((piece) => piece.length > 0);
  }
}

/** Framing that is not HTTP/1.1 chunked encoding. */
export class FramingError extends Error {
  constructor(message: string) {
    super(`the engine's chunked answer is malformed: ${message}`);
  }
}

/** A size line's length limit: 16 hex digits and room for extensions. */
const MAX_SIZE_LINE = 1024;

/** The size a chunk's size line gives (`1a2b;ext=1\r`), in bytes. */
function chunkSize(line: string): number {
  const digits = /^([0-9a-fA-F]{1,13})[ \t]*(?:;[^\r]*)?\r$/.exec(line)?.[1];
  if (digits === undefined) throw new FramingError(`bad chunk size line ${JSON.stringify(line.slice(0, 40))}`);
  return Number.parseInt(digits, 16);
}
