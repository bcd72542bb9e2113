/** The log a build row keeps: at most this many characters, the end of the log when it is longer. */
export const MAX_ROW_LOG_CHARS = 64 * 1024;

/** A larger log goes to the database in pieces of about this many bytes (one row each). */
export const LOG_CHUNK_BYTES = 256 * 1024;

/** What a finished log left: the row's part, its full size, and how many chunk rows hold all of it (0: the row has it all). */
export type StoredLog = { log: string; logBytes: number; chunks: number };

/** Where the pieces of a large log go, in order (lib/builds/history buildLogChunkSink: BuildLogChunk rows). */
export type LogChunkSink = {
  write(seq: number, bytes: Buffer): Promise<void>;
  /** Removes what was written: a log with a missing piece would read as whole. */
  discard(): Promise<void>;
};

/**
 * A build's log as it is written: held in memory while it fits the row; once larger, written to
 * `sink` (the whole log, from its first line) in pieces of LOG_CHUNK_BYTES as the build prints,
 * with only the row's tail and one piece in memory, so a build that prints gigabytes holds about
 * 400 KiB. `append` waits while a piece is being written: a slow database slows the reading of the
 * engine's output rather than filling memory.
 *
 * @example
 * const store = new BuildLogStore(buildLogChunkSink(id));
 * await store.append("Step 1/2 : FROM busybox\n");
 * const { log, chunks } = await store.close();
 */
export class BuildLogStore {
  private tail = "";
  private bytes = 0;
  private spilled = false;
  private pending: string[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private failed: unknown = null;

  constructor(
    private readonly sink: LogChunkSink,
    private readonly maxRowChars = MAX_ROW_LOG_CHARS,
    private readonly chunkBytes = LOG_CHUNK_BYTES,
  ) {}

  async append(text: string): Promise<void> {
    if (text === "") return;
    const size = Buffer.byteLength(text);
    this.bytes += size;
    if (!this.spilled && this.tail.length + text.length > this.maxRowChars) {
      // The first piece starts at the log's first line: everything so far is still in the tail.
      this.spilled = true;
      this.pending.push(this.tail);
      this.pendingBytes += Buffer.byteLength(this.tail);
    }
    this.tail += text;
    // Trimmed in steps, not on every line: slicing a 64 KiB string per line would be quadratic.
    if (this.tail.length > 2 * this.maxRowChars) this.tail = this.tail.slice(-this.maxRowChars);
    if (!this.spilled) return;
    this.pending.push(text);
    this.pendingBytes += size;
    if (this.pendingBytes >= this.chunkBytes) await this.flush();
  }

  private async flush(): Promise<void> {
    const bytes = Buffer.from(this.pending.join(""));
    this.pending = [];
    this.pendingBytes = 0;
    if (this.failed !== null || bytes.length === 0) return;
    try {
      await this.sink.write(this.seq, bytes);
      this.seq += 1;
    } catch (error) {
      // A database that refuses a piece loses the whole log, not the build: the row still gets the tail.
      this.failed = error;
      console.error("builds: could not store a piece of the build log; only its end is kept", error);
    }
  }

  /** Ends the log: what the row keeps (its end), its size, and how many pieces hold the whole when it was larger. */
  async close(): Promise<StoredLog> {
    const end = this.tail.length > this.maxRowChars ? this.tail.slice(-this.maxRowChars) : this.tail;
    // PostgreSQL's text cannot hold NUL; the pieces (bytes) keep the log as printed.
    const log = end.replaceAll("\u0000", "\uFFFD");
    if (!this.spilled) return { log, logBytes: this.bytes, chunks: 0 };
    await this.flush();
    if (this.failed !== null) {
      await this.sink.discard().catch(() => undefined);
      return { log, logBytes: this.bytes, chunks: 0 };
    }
    return { log, logBytes: this.bytes, chunks: this.seq };
  }
}
