import "server-only";
import type { Readable } from "node:stream";
import type { ProgressMessage } from "@/lib/progress/docker-progress";

/**
 * The engine's JSON message stream (pull, push, import, load, build), one message at a time, as
 * it arrives. Messages are newline-delimited; a line that is not JSON is passed on as a status.
 */
export async function* readProgressMessages(stream: Readable): AsyncGenerator<ProgressMessage> {
  let buffered = "";
  for await (const chunk of stream) {
    buffered += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield parseLine(line);
      newline = buffered.indexOf("\n");
    }
  }
  if (buffered.trim()) yield parseLine(buffered.trim());
}

function parseLine(line: string): ProgressMessage {
  try {
    return JSON.parse(line) as ProgressMessage;
  } catch {
    return { status: line };
  }
}
