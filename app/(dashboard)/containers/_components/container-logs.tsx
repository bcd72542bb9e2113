"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { sendToSignIn } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { errorMessage, isAbort } from "@/app/_components/operation";
import { dockerLogsCommand } from "@/lib/cli/command";
import { useContainerDetail } from "./use-container";

type LogLine = { stream: "stdout" | "stderr"; text: string; time?: string };
type Entry = LogLine & { seq: number };
type StreamStatus = "connecting" | "following" | "ended" | "failed";

const TAILS = ["100", "500", "all"] as const;
type Tail = (typeof TAILS)[number];

/** Lines kept on screen; older ones scroll out so a chatty container cannot exhaust the tab. */
const MAX_LINES = 5000;

function keepLast(entries: Entry[]): Entry[] {
  return entries.length > MAX_LINES ? entries.slice(-MAX_LINES) : entries;
}

function isLogLine(value: unknown): value is LogLine {
  return (
    !!value &&
    typeof value === "object" &&
    typeof (value as LogLine).text === "string" &&
    ((value as LogLine).stream === "stdout" || (value as LogLine).stream === "stderr")
  );
}

/**
 * Follows `GET /api/containers/{id}/logs?follow=true` as JSON lines until aborted. `onLines` gets
 * each network chunk's lines at once (a burst of output is one render, not hundreds).
 */
async function followLogs(
  url: string,
  { signal, onOpen, onLines }: { signal: AbortSignal; onOpen: () => void; onLines: (lines: LogLine[]) => void },
): Promise<void> {
  const response = await fetch(url, { headers: { accept: "application/x-ndjson" }, signal, cache: "no-store" });
  if (!response.ok) {
    if (response.status === 401) sendToSignIn();
    const body = (await response.json().catch(() => ({}))) as { error?: unknown };
    throw new Error(typeof body.error === "string" ? body.error : `The logs could not be read (HTTP ${response.status}).`);
  }
  if (!response.body) throw new Error("The server answered without a log stream.");
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const texts = (pending + value).split("\n");
    pending = texts.pop() ?? "";
    const lines: LogLine[] = [];
    for (const text of texts) {
      if (!text.trim()) continue;
      const parsed: unknown = JSON.parse(text);
      // An error after the stream started arrives as the last line (the status was sent already).
      if (parsed && typeof parsed === "object" && typeof (parsed as { error?: unknown }).error === "string")
        throw new Error((parsed as { error: string }).error);
      if (isLogLine(parsed)) lines.push(parsed);
    }
    if (lines.length) onLines(lines);
  }
}

/**
 * The Logs tab: `docker logs -f`. Lines follow live and the view sticks to the bottom until the
 * user scrolls up; Pause holds new lines back (still received, so none are lost) until Resume.
 * Leaving the page aborts the request, which ends the engine's log stream on the server.
 */
export function ContainerLogs({ reference }: { reference: string }) {
  const { data: detail } = useContainerDetail(reference);
  const [tail, setTail] = useState<Tail>("100");
  const [timestamps, setTimestamps] = useState(false);
  const [paused, setPaused] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [held, setHeld] = useState<Entry[]>([]);
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [problem, setProblem] = useState<string | null>(null);
  const [stick, setStick] = useState(true);
  const [generation, setGeneration] = useState(0);
  const pausedRef = useRef(false);
  const seq = useRef(0);
  const startedAtRef = useRef<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const label = detail?.name || reference;
  const startedAt = detail?.state.startedAt ?? null;
  const running = detail?.state.running ?? false;

  useEffect(() => {
    const controller = new AbortController();
    setEntries([]);
    setHeld([]);
    setProblem(null);
    setStatus("connecting");
    startedAtRef.current = startedAt;
    const query = new URLSearchParams({ tail, timestamps: String(timestamps), follow: "true" });
    followLogs(`/api/containers/${encodeURIComponent(reference)}/logs?${query}`, {
      signal: controller.signal,
      onOpen: () => setStatus("following"),
      onLines: (lines) => {
        const batch = lines.map((line) => ({ ...line, seq: seq.current++ }));
        if (pausedRef.current) setHeld((current) => keepLast([...current, ...batch]));
        else setEntries((current) => keepLast([...current, ...batch]));
      },
    }).then(
      () => setStatus("ended"),
      (error: unknown) => {
        if (isAbort(error)) return;
        setStatus("failed");
        setProblem(errorMessage(error));
      },
    );
    return () => controller.abort();
    // startedAt is read once per stream on purpose: a new start restarts the stream (below).
  }, [reference, tail, timestamps, generation]);

  // `-f` ends when the container stops; when it is started again, follow the new run.
  useEffect(() => {
    if (status === "ended" && running && startedAt !== startedAtRef.current) setGeneration((value) => value + 1);
  }, [status, running, startedAt]);

  useLayoutEffect(() => {
    const element = box.current;
    if (stick && element) element.scrollTop = element.scrollHeight;
  }, [entries, stick]);

  const setPause = (value: boolean) => {
    pausedRef.current = value;
    setPaused(value);
    if (!value) {
      setEntries((current) => keepLast([...current, ...held]));
      setHeld([]);
    }
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
            <option value="100">last 100 lines</option>
            <option value="500">last 500 lines</option>
            <option value="all">all</option>
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
              className={`flex gap-3 border-l-2 px-3 whitespace-pre-wrap ${entry.stream === "stderr" ? "border-red-500 bg-red-950/40 text-red-200" : "border-transparent"}`}
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
            <p className="px-3 text-slate-500">{status === "failed" ? "No output received." : "No output yet."}</p>
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
      <span className={`size-2 rounded-full ${dot}`} aria-hidden />
      {text}
    </span>
  );
}
