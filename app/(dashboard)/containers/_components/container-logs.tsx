"use client";

import { clsx } from "clsx";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { api, errorMessage, isAbort } from "@/app/_lib/api-client";
import { dockerLogsCommand } from "@/lib/cli/command";
import type { LogLine } from "@/lib/containers/types";
import { useContainer } from "@/app/_lib/hooks/use-containers";

type Entry = LogLine & { seq: number };
type StreamStatus = "connecting" | "following" | "ended" | "failed";

/** What one log stream received; `key` names the stream (container, tail, timestamps, attempt). */
type Stream = {
  key: string;
  /** The container start it follows: a later start means a new run to follow. */
  startedAt: string | null;
  entries: Entry[];
  /** Lines received while paused. */
  held: Entry[];
  status: StreamStatus;
  problem: string | null;
};

function freshStream(key: string, startedAt: string | null): Stream {
  return { key, startedAt, entries: [], held: [], status: "connecting", problem: null };
}

const TAILS = ["100", "500", "all"] as const;
type Tail = (typeof TAILS)[number];

/** Lines kept on screen; older ones scroll out so a chatty container cannot exhaust the tab. */
const MAX_LINES = 5000;

function keepLast(entries: Entry[]): Entry[] {
  return entries.length > MAX_LINES ? entries.slice(-MAX_LINES) : entries;
}

/**
 * The Logs tab: `docker logs -f`. Lines follow live and the view sticks to the bottom until the
 * user scrolls up; Pause holds new lines back (still received, so none are lost) until Resume.
 * Leaving the page aborts the request, which ends the engine's log stream on the server.
 */
export function ContainerLogs({ reference }: { reference: string }) {
  const { data: detail } = useContainer(reference);
  const [tail, setTail] = useState<Tail>("100");
  const [timestamps, setTimestamps] = useState(false);
  const [paused, setPaused] = useState(false);
  const [stick, setStick] = useState(true);
  const [generation, setGeneration] = useState(0);
  const pausedRef = useRef(false);
  const seq = useRef(0);
  const box = useRef<HTMLDivElement>(null);

  const label = detail?.name || reference;
  const startedAt = detail?.state.startedAt ?? null;
  const running = detail?.state.running ?? false;
  const latestStart = useRef(startedAt);
  useEffect(() => {
    latestStart.current = startedAt;
  });

  const streamKey = [reference, tail, timestamps, generation].join("\n");
  const [stored, setStream] = useState<Stream>(() => freshStream(streamKey, startedAt));
  // What a stream received belongs to it: another tail or a reconnect starts empty.
  const stream = stored.key === streamKey ? stored : freshStream(streamKey, startedAt);
  const { entries, held, status, problem } = stream;

  useEffect(() => {
    const controller = new AbortController();
    const update = (change: (current: Stream) => Partial<Stream>) =>
      setStream((current) => {
        const base = current.key === streamKey ? current : freshStream(streamKey, latestStart.current);
        return { ...base, ...change(base) };
      });
    api.containers
      .followLogs(
        reference,
        { tail: tail === "all" ? "all" : Number(tail), timestamps, follow: true },
        {
          signal: controller.signal,
          onOpen: () => update(() => ({ status: "following" })),
          onLines: (lines) => {
            const batch = lines.map((line) => ({ ...line, seq: seq.current++ }));
            update((current) =>
              pausedRef.current ? { held: keepLast([...current.held, ...batch]) } : { entries: keepLast([...current.entries, ...batch]) },
            );
          },
        },
      )
      .then(
        () => update(() => ({ status: "ended" })),
        (error: unknown) => {
          if (!isAbort(error)) update(() => ({ status: "failed", problem: errorMessage(error) }));
        },
      );
    return () => controller.abort();
  }, [streamKey, reference, tail, timestamps]);

  // `-f` ends when the container stops; when it is started again, follow the new run.
  if (status === "ended" && running && startedAt !== stream.startedAt) setGeneration(generation + 1);

  useLayoutEffect(() => {
    const element = box.current;
    if (stick && element) element.scrollTop = element.scrollHeight;
  }, [entries, stick]);

  const setPause = (value: boolean) => {
    pausedRef.current = value;
    setPaused(value);
    if (!value) setStream((current) => ({ ...current, entries: keepLast([...current.entries, ...current.held]), held: [] }));
  };

  const jumpToLatest = () => {
    setStick(true);
    const element = box.current;
    if (element) element.scrollTop = element.scrollHeight;
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Tail
          <select
            data-testid="logs-tail"
            value={tail}
            onChange={(event) => setTail(event.target.value as Tail)}
            className={inputClass(false, "w-auto py-1")}
          >
            {TAILS.map((value) => (
              <option key={value} value={value}>
                {value === "all" ? "all" : `last ${value} lines`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <input
            type="checkbox"
            data-testid="logs-timestamps"
            checked={timestamps}
            onChange={(event) => setTimestamps(event.target.checked)}
            className="size-4 rounded border-slate-300 accent-sky-600"
          />
          Timestamps
        </label>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setPause(!paused)}
          disabled={!paused && (status === "ended" || status === "failed")}
          data-testid="logs-pause"
        >
          {paused ? `Resume${held.length ? ` (${held.length} new)` : ""}` : "Pause"}
        </Button>
        <StreamState status={status} paused={paused} />
        <div className="ml-auto min-w-72 flex-1 sm:max-w-md">
          <CliCommand
            command={dockerLogsCommand({ container: label, follow: true, tail: tail === "all" ? "all" : Number(tail), timestamps })}
            testId="cli-logs"
          />
        </div>
      </div>

      {problem ? (
        <Notice tone="error" title="The log stream failed" testId="logs-error">
          <p>{problem}</p>
          <Button size="sm" variant="secondary" className="mt-2" onClick={() => setGeneration((value) => value + 1)}>
            Reconnect
          </Button>
        </Notice>
      ) : null}

      <div className="relative">
        <div
          ref={box}
          data-testid="logs-output"
          role="log"
          aria-label={`Logs of ${label}`}
          onScroll={(event) => {
            const element = event.currentTarget;
            setStick(element.scrollHeight - element.scrollTop - element.clientHeight < 24);
          }}
          className="h-[32rem] overflow-auto rounded-lg bg-slate-950 py-2 font-mono text-[12.5px] leading-5 text-slate-200"
        >
          {entries.map((entry) => (
            <div
              key={entry.seq}
              data-testid="log-line"
              data-stream={entry.stream}
              className={clsx(
                "flex gap-3 border-l-2 px-3 whitespace-pre-wrap",
                entry.stream === "stderr" ? "border-red-500 bg-red-950/40 text-red-200" : "border-transparent",
              )}
            >
              {entry.time ? <span className="shrink-0 text-slate-500 select-none">{entry.time}</span> : null}
              {/* Every line reserves the marker's room, so stdout and stderr text line up. */}
              <span
                className="w-6 shrink-0 text-[10px] leading-5 font-semibold tracking-wide text-red-400 uppercase select-none"
                title={entry.stream === "stderr" ? "written to stderr" : undefined}
              >
                {entry.stream === "stderr" ? "err" : ""}
              </span>
              <span className="min-w-0 break-all">{entry.text}</span>
            </div>
          ))}
          {entries.length === 0 && status !== "connecting" ? (
            <p data-testid="logs-empty" className="px-3 text-slate-500">
              {status === "failed"
                ? "No output received."
                : status === "following"
                  ? "No output yet: the container has printed nothing. New lines appear here as it writes them."
                  : "No output."}
            </p>
          ) : null}
          {status === "ended" ? (
            <p data-testid="logs-ended" className="mt-2 border-t border-slate-800 px-3 pt-2 text-slate-500">
              — end of log: {running ? "the stream closed" : "the container is not running"}; it follows again when the container starts —
            </p>
          ) : null}
        </div>
        {!stick ? (
          <button
            type="button"
            onClick={jumpToLatest}
            className="absolute right-4 bottom-3 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow-lg hover:bg-sky-700"
          >
            Jump to latest ↓
          </button>
        ) : null}
      </div>
      <p className="text-xs text-slate-500">
        <span className="mr-1 inline-block h-3 w-0.5 bg-red-500 align-middle" aria-hidden /> Lines marked{" "}
        <span className="font-mono text-red-700">err</span> were written to stderr; the others to stdout.
        {entries.length >= MAX_LINES ? ` Showing the last ${MAX_LINES} lines.` : null}
      </p>
    </div>
  );
}

function StreamState({ status, paused }: { status: StreamStatus; paused: boolean }) {
  const text =
    paused && status === "following"
      ? "paused"
      : status === "connecting"
        ? "connecting…"
        : status === "following"
          ? "following"
          : status === "ended"
            ? "ended"
            : "failed";
  const dot =
    text === "following"
      ? "bg-emerald-500 animate-pulse"
      : text === "paused" || text === "connecting…"
        ? "bg-amber-400"
        : text === "failed"
          ? "bg-red-500"
          : "bg-slate-400";
  return (
    <span data-testid="logs-status" data-status={text} className="flex items-center gap-1.5 text-xs text-slate-500">
      <span className={clsx("size-2 rounded-full", dot)} aria-hidden />
      {text}
    </span>
  );
}
