"use client";

import useSWR from "swr";
import { api, apiKeys, errorMessage } from "@/app/_lib/api-client";
import type { LayerDirectoryEntry, LayerFileView } from "@/lib/layers/types";

/** One directory of one layer, every page of it read. */
export type DirectoryState = {
  entries: LayerDirectoryEntry[];
  /** Rows the server has for the directory. */
  total: number;
  /** Why it could not be read; the entries are then empty. */
  error: string | null;
};

/** Directories are paged by the server (at most 10,000 rows a request); this reads them whole. */
const PAGE_SIZE = 10_000;
/** Listings kept in memory; a directory read again after that is fetched again. */
const CACHE_LIMIT = 400;

// Listings of an image ID never change, so a directory read once is kept here, shared by every
// key that names it: expanding one more directory does not read the open ones again.
const listings = new Map<string, Promise<DirectoryState>>();

function readDirectory(ref: string, layer: number, view: LayerFileView, path: string): Promise<DirectoryState> {
  const key = apiKeys.layerFiles(ref, layer, { path, view });
  const cached = listings.get(key);
  if (cached) {
    // Most recently used last, so the oldest is the first to go.
    listings.delete(key);
    listings.set(key, cached);
    return cached;
  }
  const promise = (async (): Promise<DirectoryState> => {
    const entries: LayerDirectoryEntry[] = [];
    let offset: number | null = 0;
    let total = 0;
    while (offset !== null) {
      const page = await api.layers.files(ref, layer, { path, view, offset, limit: PAGE_SIZE });
      for (const entry of page.entries) entries.push(entry);
      total = page.total;
      offset = page.nextOffset;
    }
    return { entries, total, error: null };
  })().catch((error: unknown) => {
    // Not kept: opening the directory again asks again.
    listings.delete(key);
    return { entries: [], total: 0, error: errorMessage(error) };
  });
  listings.set(key, promise);
  if (listings.size > CACHE_LIMIT) listings.delete(listings.keys().next().value!);
  return promise;
}

/** The key of a directory in useLayerDirectories' answer. */
export function directoryKey(layer: number, view: LayerFileView, path: string): string {
  return `${layer}:${view}:${path}`;
}

/**
 * The listings of the open directories of a layer's file tree (`GET /api/images/{ref}/layers/{layer}/files`),
 * each read whole, by `directoryKey(layer, view, path)`. While a newly opened directory loads, the
 * ones already read stay (it is simply absent from the answer). A null `ref` fetches nothing.
 *
 * @example const { directories } = useLayerDirectories({ ref: imageId, layer: 2, views: ["layer"], paths: ["/", "/data"] })
 */
export function useLayerDirectories({
  ref,
  layer,
  views,
  paths,
}: {
  ref: string | null;
  layer: number;
  views: readonly LayerFileView[];
  paths: readonly string[];
}) {
  const sorted = [...paths].sort();
  const key = ref === null || paths.length === 0 ? null : (["layer-directories", ref, layer, views.join(","), ...sorted] as const);
  const { data, isLoading } = useSWR(
    key,
    async () => {
      const pairs = await Promise.all(
        views.flatMap((view) =>
          sorted.map(async (path) => [directoryKey(layer, view, path), await readDirectory(ref!, layer, view, path)] as const),
        ),
      );
      return Object.fromEntries(pairs) as Record<string, DirectoryState>;
    },
    {
      keepPreviousData: true,
      revalidateIfStale: false,
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      // Errors are values (per directory), never thrown; and a 100,000-row listing is not worth
      // SWR's deep comparison: a new answer is a new object.
      shouldRetryOnError: false,
      compare: (a, b) => a === b,
    },
  );
  return { directories: data ?? {}, loading: isLoading };
}
