"use client";

import { hierarchy, treemap, treemapSquarify } from "d3-hierarchy";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { Notice } from "@/app/_components/notice";
import { errorMessage } from "@/app/_lib/api-client";
import { useImages } from "@/app/_lib/hooks/use-images";
import { formatBytes } from "@/lib/format/bytes";
import { imagePath } from "@/lib/format/image";
import type { ImageSummary } from "@/lib/images/types";

type Datum = { image?: ImageSummary; children?: Datum[] };
type Tile = { image: ImageSummary; x: number; y: number; width: number; height: number };

// Below this a tile is too small for its name; its tooltip and accessible name still carry it.
const LABEL_MIN = { width: 72, height: 34 };

/**
 * Squarified treemap (d3-hierarchy) of the images in a `width` × `height` box: area is the image's
 * size, largest first.
 */
function layoutTiles(images: readonly ImageSummary[], width: number, height: number): Tile[] {
  const root = hierarchy<Datum>({ children: images.filter((image) => image.size > 0).map((image) => ({ image })) })
    .sum((datum) => datum.image?.size ?? 0)
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const laidOut = treemap<Datum>().tile(treemapSquarify).size([width, height]).paddingInner(2).round(true)(root);
  return laidOut
    .leaves()
    .flatMap((leaf) =>
      leaf.data.image ? [{ image: leaf.data.image, x: leaf.x0, y: leaf.y0, width: leaf.x1 - leaf.x0, height: leaf.y1 - leaf.y0 }] : [],
    );
}

const nameOf = (image: ImageSummary) => image.repoTags[0] ?? `<none> ${image.shortId}`;

/**
 * Every image as a tile whose area is its size, split into the bytes only it holds (dark: what
 * removing it frees) and the bytes in layers other images share (light). A click opens the image.
 */
export function ImageTreemap() {
  const { data, error } = useImages();
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry!.contentRect.width);
      // A phone gets a taller box, so tiles are not slivers.
      setSize({ width, height: width < 640 ? Math.round(width * 1.1) : Math.min(340, Math.round(width * 0.32)) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const images = useMemo(() => data?.images ?? [], [data]);
  const tiles = useMemo(() => (size ? layoutTiles(images, size.width, size.height) : []), [images, size]);
  const sumOfSizes = images.reduce((sum, image) => sum + image.size, 0);

  return (
    <section aria-labelledby="treemap-title" data-testid="image-treemap" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="treemap-title" className="text-lg font-semibold">
          Images by size
        </h2>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          <li className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-sky-700" aria-hidden />
            unique: freed when the image goes
          </li>
          <li className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm bg-sky-200" aria-hidden />
            shared: layers other images also use
          </li>
        </ul>
      </div>
      {error ? (
        <Notice tone="error" title="Cannot list the images">
          {errorMessage(error)}
        </Notice>
      ) : null}
      <div
        ref={box}
        className="relative w-full overflow-hidden rounded-lg border border-slate-200 bg-slate-50"
        style={{ height: size?.height ?? 300 }}
      >
        {tiles.map((tile) => (
          <TreemapTile key={tile.image.id} tile={tile} />
        ))}
        {data && tiles.length === 0 ? (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">No images on this engine.</p>
        ) : null}
        {!data && !error ? (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500">Loading images…</p>
        ) : null}
      </div>
      {data ? (
        <p data-testid="treemap-note" className="text-xs text-slate-500">
          A tile&apos;s area is the image&apos;s full size, so the tiles add up to {formatBytes(sumOfSizes)} while the disk holds{" "}
          {formatBytes(data.totals.totalSize)}: a shared layer is in every tile that uses it but on disk once.
        </p>
      ) : null}
    </section>
  );
}

function TreemapTile({ tile }: { tile: Tile }) {
  const { image, width, height } = tile;
  const name = nameOf(image);
  const uniqueShare = image.size > 0 ? image.uniqueSize / image.size : 0;
  // Split along the longer side, so both parts stay visible.
  const across = width >= height;
  const description = `${name}: ${formatBytes(image.size)}, ${formatBytes(image.uniqueSize)} unique, ${formatBytes(image.sharedSize)} shared`;
  return (
    <Link
      href={imagePath(image.repoTags[0] ?? image.id)}
      data-testid="treemap-tile"
      data-image-id={image.id}
      aria-label={description}
      title={description}
      className="absolute flex overflow-hidden rounded-sm bg-sky-200 outline-offset-1 hover:ring-2 hover:ring-sky-900 focus-visible:outline-2 focus-visible:outline-sky-600"
      style={{ left: tile.x, top: tile.y, width, height, flexDirection: across ? "row" : "column" }}
    >
      <span
        aria-hidden
        className="shrink-0 bg-sky-700"
        style={across ? { width: `${uniqueShare * 100}%` } : { height: `${uniqueShare * 100}%` }}
      />
      {width >= LABEL_MIN.width && height >= LABEL_MIN.height ? (
        <span aria-hidden className="absolute inset-0 min-w-0 p-1.5 text-[11px] leading-tight">
          <span className="inline-block max-w-full truncate rounded-sm bg-white/85 px-1 align-top font-medium text-slate-900">{name}</span>
          <br />
          <span className="mt-0.5 inline-block rounded-sm bg-white/85 px-1 text-slate-700 tabular-nums">{formatBytes(image.size)}</span>
        </span>
      ) : null}
    </Link>
  );
}
