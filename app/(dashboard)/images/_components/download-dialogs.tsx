"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { Field, inputClass } from "@/app/_components/field";
import { api } from "@/app/_lib/api-client";
import { dockerExportCommand, dockerSaveCommand } from "@/lib/cli/command";
import type { ContainerSummary } from "@/lib/containers/types";

/** The file name the server gives a save or export download (its Content-Disposition). */
export function downloadFileName(name: string): string {
  return `${name.replace(/^sha256:/, "").replace(/[^A-Za-z0-9_.-]+/g, "_")}.tar`;
}

/**
 * A tar download (save, export): a plain link, so the browser streams the file to disk itself
 * and shows its own progress; nothing passes through the page's memory.
 */
function DownloadDialog({
  title,
  description,
  command,
  href,
  fileName,
  children,
  onClose,
}: {
  title: string;
  description: React.ReactNode;
  command: string;
  href: string;
  fileName: string;
  children?: React.ReactNode;
  onClose: () => void;
}) {
  return (
    <Dialog
      open
      onClose={onClose}
      wide
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <a
            href={href}
            download={fileName}
            data-testid="download-link"
            className="inline-flex items-center gap-1.5 rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
          >
            <svg viewBox="0 0 20 20" className="size-4" aria-hidden>
              <path
                d="M10 3v10M6 9.5l4 4 4-4M4 16.5h12"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.7"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
            Download archive
          </a>
        </>
      }
    >
      <div className="space-y-4">
        {children}
        <CommandPreview placeholder="">
          <CliCommand command={command} testId="cli-preview" />
        </CommandPreview>
        <p className="text-xs text-slate-500">
          The archive is streamed from the engine as it is written; large images take a while to start and finish.
        </p>
      </div>
    </Dialog>
  );
}

/** `docker save -o FILE IMAGE`: the image with every layer and tag, loadable with docker load. */
export function SaveDialog({
  references,
  defaultReference,
  onClose,
}: {
  references: string[];
  defaultReference: string;
  onClose: () => void;
}) {
  const [reference, setReference] = useState(defaultReference);
  const fileName = downloadFileName(reference);
  return (
    <DownloadDialog
      title="Save image"
      description="Downloads the image as a docker save archive: its layers, config and the chosen reference. docker load (or Load on the Images page) restores it."
      command={dockerSaveCommand({ images: [reference], output: fileName })}
      href={api.images.saveUrl(reference)}
      fileName={fileName}
      onClose={onClose}
    >
      {references.length > 1 ? (
        <Field label="Reference" htmlFor="save-reference" hint="The tag is stored in the archive; saving by ID stores none.">
          <select
            id="save-reference"
            value={reference}
            onChange={(event) => setReference(event.target.value)}
            className={inputClass(false, "font-mono")}
          >
            {references.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </DownloadDialog>
  );
}

/** `docker export -o FILE CONTAINER`: the container's flattened filesystem, without image history. */
export function ExportDialog({ container, onClose }: { container: ContainerSummary; onClose: () => void }) {
  const name = container.name || container.shortId;
  // The server names the file after what the URL names (Content-Disposition beats the link's
  // download attribute), so ask by name for a file called like the CLI line says.
  const target = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) ? name : container.id;
  const fileName = downloadFileName(target === container.id ? name : target);
  return (
    <DownloadDialog
      title="Export container"
      description={
        <>
          Downloads the filesystem of <span className="font-mono text-slate-700">{name}</span> as one flat tar: no layers, history or
          config. docker import turns it back into an image.
        </>
      }
      command={dockerExportCommand({ container: name, output: fileName })}
      href={api.containers.exportUrl(target)}
      fileName={fileName}
      onClose={onClose}
    />
  );
}
