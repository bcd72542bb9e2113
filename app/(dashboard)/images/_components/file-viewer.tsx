"use client";

import { useEffect, useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Dialog } from "@/app/_components/dialog";
import { Notice } from "@/app/_components/notice";
import { apiKeys, failedAnswer, errorMessage } from "@/app/_lib/api-client";
import { formatBytes } from "@/lib/format/bytes";
import type { LayerDirectoryEntry, LayerFileView } from "@/lib/layers/types";
import { ChangeMark, formatMode, LayerChip } from "./layer-marks";

/** Files up to this size are read to be shown; bigger ones are only offered as a download. */
const PREVIEW_LIMIT = 256 * 1024;

type Content =
  | { state: "loading" }
  | { state: "text"; text: string; layer: number }
  | { state: "binary"; layer: number }
  | { state: "too-big"; layer: number | null }
  | { state: "error"; message: string };

export type OpenedFile = { entry: LayerDirectoryEntry; layer: number; view: LayerFileView };

/**
 * The text of a file when it is UTF-8 (a NUL byte or an invalid sequence means binary).
 *
 * @example decodeText(new TextEncoder().encode("root:x:0:0\n").buffer) // "root:x:0:0\n"
 */
export function decodeText(bytes: ArrayBuffer): string | null {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.includes("\u0000") ? null : text;
  } catch {
    return null;
  }
}

/**
 * Reads a file as the layer stores it. In the union view the version a container sees may be
 * stored in a lower layer: the file endpoint answers 404 (from the store, at once) for a layer that
 * does not hold it, so the layers are tried downwards. Each read streams a fresh `docker save` on
 * the server, so the answer that has the file is read here directly rather than asked for twice,
 * and a file too big to show is cancelled as soon as its headers arrive.
 */
async function loadContent(imageId: string, file: OpenedFile, signal: AbortSignal): Promise<Content> {
  const { entry, layer, view } = file;
  // The layer's own listing showed the file, so that layer holds it: nothing to ask for a big one.
  if (view === "layer" && entry.size > PREVIEW_LIMIT) return { state: "too-big", layer };
  const lowest = view === "union" ? 0 : layer;
  for (let index = layer; index >= lowest; index -= 1) {
    const request = new AbortController();
    const stop = () => request.abort();
    signal.addEventListener("abort", stop, { once: true });
    try {
      const response = await fetch(apiKeys.layerFile(imageId, index, entry.path), { signal: request.signal, cache: "no-store" });
      if (response.status === 404 && index > lowest) continue;
      if (!response.ok) throw failedAnswer(response.status, await response.json().catch(() => null));
      if (entry.size > PREVIEW_LIMIT) return { state: "too-big", layer: index };
      const text = decodeText(await response.arrayBuffer());
      return text === null ? { state: "binary", layer: index } : { state: "text", text, layer: index };
    } finally {
      request.abort();
      signal.removeEventListener("abort", stop);
    }
  }
  return { state: "error", message: "No layer at or below this one stores the file's bytes." };
}

/**
 * One file of a layer: its metadata, its text when it is small and UTF-8, and a download of its
 * bytes as that layer stores them. In the union view the bytes come from the layer that holds the
 * version a container sees (possibly a lower one).
 */
export function FileViewer({ imageId, file, onClose }: { imageId: string; file: OpenedFile; onClose: () => void }) {
  const [content, setContent] = useState<Content>({ state: "loading" });
  const { entry, layer, view } = file;

  useEffect(() => {
    const controller = new AbortController();
    loadContent(imageId, file, controller.signal).then(
      (loaded) => {
        if (!controller.signal.aborted) setContent(loaded);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setContent({ state: "error", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [imageId, file]);

  const holder = content.state === "text" || content.state === "binary" || content.state === "too-big" ? content.layer : null;
  const downloadable = entry.type === "file" || entry.type === "hardlink";

  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={<span className="font-mono text-base break-all">{entry.path}</span>}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <span>
            {view === "union" ? "As a container sees it at" : "As stored in"} <LayerChip index={layer} />
          </span>
          <ChangeMark change={entry.change} />
          {holder !== null && holder !== layer ? (
            <span>
              (bytes from <LayerChip index={holder} />)
            </span>
          ) : null}
        </span>
      }
      footer={
        downloadable && holder !== null ? (
          <a
            href={apiKeys.layerFile(imageId, holder, entry.path)}
            download={entry.name}
            data-testid="file-download"
            className="inline-flex items-center rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700"
          >
            Download {formatBytes(entry.size)}
          </a>
        ) : null
      }
    >
      <div data-testid="file-viewer" className="space-y-3">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">Type</dt>
            <dd className="font-medium">{entry.type}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Size</dt>
            <dd className="font-medium tabular-nums">{formatBytes(entry.size)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Mode</dt>
            <dd className="font-mono">{formatMode(entry.type, entry.mode)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Owner (uid:gid)</dt>
            <dd className="font-mono">
              {entry.uid}:{entry.gid}
            </dd>
          </div>
          {entry.linkTarget ? (
            <div className="col-span-2 sm:col-span-4">
              <dt className="text-slate-500">{entry.type === "symlink" ? "Points to" : "Hard link to"}</dt>
              <dd className="font-mono break-all">{entry.linkTarget}</dd>
            </div>
          ) : null}
        </dl>
        {entry.type === "symlink" ? (
          <p className="text-sm text-slate-600">A symbolic link stores only its target; open the target to see content.</p>
        ) : content.state === "loading" ? (
          <p className="py-6 text-center text-sm text-slate-400">Reading the file…</p>
        ) : content.state === "error" ? (
          <Notice tone="error" title="Cannot read this file" testId="file-error">
            {content.message}
          </Notice>
        ) : content.state === "text" ? (
          <pre
            data-testid="file-content"
            className="max-h-[55vh] overflow-auto rounded-md bg-slate-900 p-3 font-mono text-[12px] leading-5 whitespace-pre text-slate-100"
          >
            {content.text || <span className="text-slate-500 italic">(empty file)</span>}
          </pre>
        ) : (
          <div data-testid="file-no-preview" className="rounded-md border border-dashed border-slate-300 px-3 py-4 text-sm text-slate-600">
            {content.state === "binary" ? (
              <>
                <Badge tone="gray">binary</Badge> Not UTF-8 text, so it is not shown here; download it to look inside.
              </>
            ) : (
              <>Larger than {formatBytes(PREVIEW_LIMIT)}: download it to look inside.</>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
