"use client";

import { clsx } from "clsx";
import { StateBadge } from "@/app/_components/badge";
import { useContainers } from "@/app/_lib/hooks/use-containers";
import { useImages } from "@/app/_lib/hooks/use-images";
import { formatBytes } from "@/lib/format/bytes";

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/**
 * Images and containers to plan by hand, from the lists. Images are planned by ID, so the whole
 * image goes (all its tags), not one reference to it.
 */
export function HandPick({
  pickedImages,
  pickedContainers,
  onImages,
  onContainers,
}: {
  pickedImages: ReadonlySet<string>;
  pickedContainers: ReadonlySet<string>;
  onImages: (picked: ReadonlySet<string>) => void;
  onContainers: (picked: ReadonlySet<string>) => void;
}) {
  const images = useImages();
  const containers = useContainers();
  const imageList = [...(images.data?.images ?? [])].sort((a, b) => b.size - a.size);
  const containerList = containers.data?.containers ?? [];
  return (
    <div className="grid gap-4 lg:grid-cols-2">
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
    </div>
  );
}

function PickList({
  title,
  testId,
  picked,
  total,
  loading,
  error,
  children,
}: {
  title: string;
  testId: string;
  picked: number;
  total: number;
  loading: boolean;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <details data-testid={testId} className="group min-w-0 rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer items-center justify-between gap-2 px-4 py-2.5 text-sm font-medium">
        <span>
          {title} <span className="font-normal text-slate-500">({total})</span>
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
