import type { BuildEvent, BuildStep } from "@/lib/builds/types";

/** One message of the engine's `POST /build` JSON stream (classic builder). */
export type BuildMessage = {
  stream?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
};

/** A step's output beyond this many lines keeps only the latest (a noisy step must not fill memory). */
export const MAX_STEP_OUTPUT_LINES = 500;
/** Lines kept for the failure's `logTail`. */
export const LOG_TAIL_LINES = 40;

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const USING_CACHE = /^ ---> Using cache$/;
const RUNNING_IN = /^ ---> Running in ([0-9a-f]+)$/;
const STEP_IMAGE = /^ ---> ([0-9a-f]{12,64})$/;
const REMOVING = /^Removing intermediate container [0-9a-f]+$/;
const BUILT = /^Successfully built ([0-9a-f]+)$/;
const TAGGED = /^Successfully tagged (.+)$/;
const WARNING = /^\[Warning\] (.*)$/;
// stderr of a RUN arrives wrapped in colour codes (ESC[91m … ESC[0m).
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

type OpenStep = BuildStep & { startedAt: number; done: boolean; droppedLines: number };

/**
 * Reads the classic builder's JSON stream into steps as it arrives. The engine numbers steps from 1
 * ("Step 1/5 : FROM …"); here the first FROM is index 0, so a five-instruction Dockerfile has five
 * steps. A step's `imageId` comes from its ` ---> <id>` line, `cached` from ` ---> Using cache`,
 * `container` from ` ---> Running in <id>`; everything else a step prints is its output. Text can
 * arrive split across messages, so lines are assembled before they are read.
 *
 * @example
 * const log = new BuildLogParser();
 * for (const message of messages) for (const event of log.push(message)) send(event);
 * log.finish(); log.steps[0].instruction // "FROM local/busybox:1"
 */
export class BuildLogParser {
  private readonly open: OpenStep[] = [];
  private pending = "";
  private tail: string[] = [];
  private auxImageId: string | null = null;
  private builtShortId: string | null = null;
  readonly tags: string[] = [];
  readonly warnings: string[] = [];
  /** The engine's error message when the build failed (inside the 200 stream). */
  error: { message: string; code: number | null } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads one engine message; answers the events it completes, in order. */
  push(message: BuildMessage): BuildEvent[] {
    const events: BuildEvent[] = [];
    if (typeof message.stream === "string") {
      this.pending += message.stream;
      let newline = this.pending.indexOf("\n");
      while (newline !== -1) {
        this.readLine(this.pending.slice(0, newline), events);
        this.pending = this.pending.slice(newline + 1);
        newline = this.pending.indexOf("\n");
      }
    }
    if (message.aux?.ID) this.auxImageId = message.aux.ID;
    if (typeof message.status === "string" && !message.progressDetail?.total) {
      // Pull progress of a FROM (with pull=true): its statuses, not every byte count.
      this.readLine(message.id ? `${message.id}: ${message.status}` : message.status, events);
    }
    if (message.error !== undefined || message.errorDetail !== undefined) {
      this.flush(events);
      const text = message.error ?? message.errorDetail?.message ?? "the build failed";
      this.error = { message: text, code: message.errorDetail?.code ?? null };
      this.keep(text);
      const current = this.current();
      if (current && !current.done) current.durationMs = Math.max(0, Math.round(this.now() - current.startedAt));
    }
    return events;
  }

  /** Reads what is left of an unfinished line; call when the stream ends. */
  finish(): BuildEvent[] {
    const events: BuildEvent[] = [];
    this.flush(events);
    return events;
  }

  /** The steps so far, in order (a step still running has no image yet). */
  get steps(): BuildStep[] {
    return this.open.map(({ startedAt: _startedAt, done: _done, droppedLines: _dropped, ...step }) => ({
      ...step,
      output: [...step.output],
    }));
  }

  /** The built image: the last `aux.ID` the engine sent (full ID), else the "Successfully built" short ID. */
  get imageId(): string | null {
    return this.auxImageId ?? this.builtShortId;
  }

  get cacheHits(): number {
    return this.open.filter((step) => step.cached).length;
  }

  /** The step that was running when the build failed, or null (a failure before the first step). */
  get failedStep(): BuildStep | null {
    if (!this.error) return null;
    const current = this.current();
    return current && !current.done ? (this.steps.at(-1) ?? null) : null;
  }

  /** The image of the last step that finished: what to run a container from to debug a failure. */
  get lastImageId(): string | null {
    return this.open.findLast((step) => step.done && step.imageId)?.imageId ?? null;
  }

  /** The last lines of the whole log (steps, output, the error), for a failure's `logTail`. */
  get logTail(): string[] {
    return [...this.tail];
  }

  private current(): OpenStep | undefined {
    return this.open.at(-1);
  }

  private flush(events: BuildEvent[]): void {
    if (this.pending !== "") {
      this.readLine(this.pending, events);
      this.pending = "";
    }
  }

  private keep(line: string): void {
    this.tail.push(line);
    if (this.tail.length > LOG_TAIL_LINES) this.tail = this.tail.slice(-LOG_TAIL_LINES);
  }

  private readLine(raw: string, events: BuildEvent[]): void {
    const line = raw.replace(ANSI, "").replace(/\r$/, "");
    if (line.trim() === "") return;
    const current = this.current();
    let match: RegExpExecArray | null;
    if ((match = STEP.exec(line))) {
      this.keep(line);
      const index = Number(match[1]) - 1;
      const instruction = match[3]!;
      this.open.push({
        index,
        instruction,
        cached: false,
        container: null,
        imageId: null,
        durationMs: 0,
        output: [],
        cacheMiss: null,
        startedAt: this.now(),
        done: false,
        droppedLines: 0,
      });
      events.push({ type: "step", index, instruction, total: Number(match[2]) });
    } else if (current && !current.done && USING_CACHE.test(line)) {
      current.cached = true;
    } else if (current && !current.done && (match = RUNNING_IN.exec(line))) {
      current.container = match[1]!;
    } else if (current && !current.done && (match = STEP_IMAGE.exec(line))) {
      this.keep(line);
      current.imageId = match[1]!;
      current.durationMs = Math.max(0, Math.round(this.now() - current.startedAt));
      current.done = true;
      const { output: _output, startedAt: _startedAt, done: _done, droppedLines: _dropped, ...step } = current;
      events.push({ type: "step-done", step });
    } else if (REMOVING.test(line)) {
      // The engine cleaning up (forcerm): not the step's output.
    } else if ((match = BUILT.exec(line))) {
      this.builtShortId = match[1]!;
    } else if ((match = TAGGED.exec(line))) {
      this.tags.push(match[1]!);
    } else if ((match = WARNING.exec(line))) {
      this.warnings.push(match[1]!);
      this.keep(line);
      events.push({ type: "output", index: null, line });
    } else {
      this.keep(line);
      const owner = current && !current.done ? current : null;
      if (owner) {
        owner.output.push(line);
        if (owner.output.length > MAX_STEP_OUTPUT_LINES) {
          owner.output.shift();
          owner.droppedLines += 1;
          owner.output[0] = `… ${owner.droppedLines + 1} earlier lines not kept`;
        }
      }
      events.push({ type: "output", index: owner ? owner.index : null, line });
    }
  }
}
