import fs from "node:fs";
import path from "node:path";

/** The log a build row keeps: at most this many characters, the end of the log when it is longer. */
export const MAX_ROW_LOG_CHARS = 64 * 1024;

/** What a finished log left: the row's part, its full size, and the file with all of it when it did not fit. */
export type StoredLog = { log: string; logBytes: number; logFile: string | null };

/**
 * A build's log as it is written: held in memory while it fits the row, then written to
 * `dir/<name>` as it comes (the whole log, from its first line) with only the row's tail kept in
 * memory, so a build that prints gigabytes holds 128 KiB at most.
 *
 * @example
 * const store = new BuildLogStore(path.join(dataDir, "builds"), `${id}.log`);
 * store.append("Step 1/2 : FROM busybox\n");
 * const { log, logFile } = await store.close();
 */
export class BuildLogStore {
  private tail = "";
  private bytes = 0;
  private file: fs.WriteStream | null = null;
  private failed: Error | null = null;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly maxRowChars = MAX_ROW_LOG_CHARS,
  ) {}

  append(text: string): void {
    if (text === "") return;
    this.bytes += Buffer.byteLength(text);
    this.tail += text;
    if (this.tail.length <= this.maxRowChars && this.file === null) return;
    if (this.file === null && this.failed === null) {
      try {
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        this.file = fs.createWriteStream(path.join(this.dir, this.name), { mode: 0o600 });
        this.file.on("error", (error) => {
          // A full disk loses the whole-log file, not the build: the row still gets the tail.
          this.failed = error;
        });
        this.file.write(this.tail);
      } catch (error) {
        this.failed = error as Error;
      }
    } else if (this.file !== null && this.failed === null) {
      this.file.write(text);
    }
    // Trimmed in steps, not on every line: slicing a 64 KiB string per line would be quadratic.
    if (this.tail.length > 2 * this.maxRowChars) this.tail = this.tail.slice(-this.maxRowChars);
  }

  /** Ends the log: what the row keeps, and the file holding the whole when it was larger. */
  async close(): Promise<StoredLog> {
    const log = this.tail.length > this.maxRowChars ? this.tail.slice(-this.maxRowChars) : this.tail;
    const file = this.file;
    if (file === null) return { log, logBytes: this.bytes, logFile: null };
    await new Promise<void>((resolve) => file.end(resolve));
    if (this.failed !== null) {
      fs.rmSync(path.join(this.dir, this.name), { force: true });
      return { log, logBytes: this.bytes, logFile: null };
    }
    return { log, logBytes: this.bytes, logFile: this.name };
  }
}
