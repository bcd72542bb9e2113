"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { StateBadge } from "@/app/_components/badge";
import { useContainers } from "@/app/_lib/hooks/use-containers";
import { useImages } from "@/app/_lib/hooks/use-images";
import { useVolumes } from "@/app/_lib/hooks/use-volumes";
import { formatBytes } from "@/lib/format/bytes";

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/**
 * Images, containers and volumes to plan by hand, from the lists. A picked image is its whole
 * image (every tag goes), whichever reference names it in the plan.
 */
export function HandPick({
  pickedImages,
  pickedContainers,
  pickedVolumes,
  onImages,
  onContainers,
  onVolumes,
}: {
  pickedImages: ReadonlySet<string>;
  pickedContainers: ReadonlySet<string>;
  pickedVolumes: ReadonlySet<string>;
  onImages: (picked: ReadonlySet<string>) => void;
  onContainers: (picked: ReadonlySet<string>) => void;
  onVolumes: (picked: ReadonlySet<string>) => void;
}) {
  const [volumesOpen, setVolumesOpen] = useState(false);
  const images = useImages();
  const containers = useContainers();
  const imageList = [...(images.data?.images ?? [])].sort((a, b) => b.size - a.size);
  const containerList = containers.data?.containers ?? [];
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <PickList
        title="Pick images"
        testId="pick-images"
        picked={pickedImages.size}
        total={imageList.length}
        loading={!images.data && !images.error}
        error={images.error?.message}
      >
        {imageList.map((image) => {
          const name = image.repoTags.length ? image.repoTags.join(", ") : `<none>:<none> ${image.shortId}`;
          return (
            <PickRow
              key={image.id}
              id={`pick-image-${image.shortId}`}
              dataId={image.id}
              checked={pickedImages.has(image.id)}
              onChange={(on) => onImages(toggled(pickedImages, image.id, on))}
              name={name}
              detail={
                <>
                  {formatBytes(image.size)} · {formatBytes(image.uniqueSize)} unique
                  {image.containers ? ` · ${image.containers} ${image.containers === 1 ? "container" : "containers"}` : ""}
                </>
              }
            />
          );
        })}
      </PickList>
      <PickList
        title="Pick containers"
        testId="pick-containers"
        picked={pickedContainers.size}
        total={containerList.length}
        loading={!containers.data && !containers.error}
        error={containers.error?.message}
      >
        {containerList.map((container) => (
          <PickRow
            key={container.id}
            id={`pick-container-${container.shortId}`}
            dataId={container.id}
            checked={pickedContainers.has(container.id)}
            onChange={(on) => onContainers(toggled(pickedContainers, container.id, on))}
            name={container.name}
            badge={<StateBadge state={container.state} />}
            detail={
              <>
                {container.image}
                {container.sizeRw !== null ? ` · writable ${formatBytes(container.sizeRw)}` : ""}
              </>
            }
          />
        ))}
      </PickList>
      <PickList
        title="Pick volumes"
        testId="pick-volumes"
        picked={pickedVolumes.size}
        onToggle={setVolumesOpen}
        note="their files go with them"
      >
        {/* Listing volumes costs a `docker system df` (their sizes): only once the list is opened. */}
        {volumesOpen ? <VolumeRows picked={pickedVolumes} onChange={onVolumes} /> : null}
      </PickList>
    </div>
  );
}

function VolumeRows({ picked, onChange }: { picked: ReadonlySet<string>; onChange: (picked: ReadonlySet<string>) => void }) {
  const { data, error } = useVolumes();
  if (error) return <li className="px-4 py-3 text-sm text-red-700">{error.message}</li>;
  if (!data) return <li className="px-4 py-3 text-sm text-slate-500">Loading…</li>;
  if (data.volumes.length === 0) return <li className="px-4 py-3 text-sm text-slate-500">None on this engine.</li>;
  return (
    <>
      {data.volumes.map((volume) => (
        <PickRow
          key={volume.name}
          id={`pick-volume-${volume.name}`}
          dataId={volume.name}
          checked={picked.has(volume.name)}
          onChange={(on) => onChange(toggled(picked, volume.name, on))}
          name={volume.name}
          detail={
            <>
              {volume.size === null ? "size unknown" : formatBytes(volume.size)} ·{" "}
              {volume.containers.length ? `mounted by ${volume.containers.map((container) => container.name).join(", ")}` : "unused"}
            </>
          }
        />
      ))}
    </>
  );
}

function PickList({
  title,
  testId,
  picked,
  total,
  loading = false,
  error,
  note,
  onToggle,
  children,
}: {
  title: string;
  testId: string;
  picked: number;
  /** How many there are; unknown until listed. */
  total?: number;
  loading?: boolean;
  error?: string;
  note?: string;
  onToggle?: (open: boolean) => void;
  children: React.ReactNode;
}) {
  return (
    <details
      data-testid={testId}
      onToggle={(event) => onToggle?.(event.currentTarget.open)}
      className="group min-w-0 rounded-lg border border-slate-200 bg-white"
    >
      <summary className="flex cursor-pointer items-center justify-between gap-2 px-4 py-2.5 text-sm font-medium">
        <span>
          {title} {total === undefined ? null : <span className="font-normal text-slate-500">({total})</span>}
          {note ? <span className="block text-xs font-normal text-slate-500">{note}</span> : null}
        </span>
        <span className={clsx("text-xs", picked ? "font-medium text-sky-700" : "text-slate-400")}>{picked} picked</span>
      </summary>
      <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto border-t border-slate-100">
        {children}
        {loading ? <li className="px-4 py-3 text-sm text-slate-500">Loading…</li> : null}
        {error ? <li className="px-4 py-3 text-sm text-red-700">{error}</li> : null}
        {!loading && !error && total === 0 ? <li className="px-4 py-3 text-sm text-slate-500">None on this engine.</li> : null}
      </ul>
    </details>
  );
}

function PickRow({
  id,
  dataId,
  checked,
  onChange,
  name,
  detail,
  badge,
}: {
  id: string;
  dataId: string;
  checked: boolean;
  onChange: (on: boolean) => void;
  name: string;
  detail: React.ReactNode;
  badge?: React.ReactNode;
}) {
  return (
    <li data-testid="pick-row" data-id={dataId} className="flex items-start gap-2.5 px-4 py-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        className="mt-0.5 size-4 shrink-0 rounded border-slate-300 accent-sky-600"
      />
      <label htmlFor={id} className="min-w-0 text-sm">
        <span className="flex flex-wrap items-center gap-1.5">
          <span className="font-mono text-[13px] break-all">{name}</span>
          {badge}
        </span>
        <span className="block text-xs break-all text-slate-500">{detail}</span>
      </label>
    </li>
  );
}
