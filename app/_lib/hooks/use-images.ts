"use client";

import useSWR, { type SWRConfiguration } from "swr";
import { api, apiKeys, type ApiError, type ImageListQuery } from "@/app/_lib/api-client";
import type { ImageDetail, ImageList } from "@/lib/images/types";
import { POLLED } from "./swr-options";

/**
 * The images (`GET /api/images`), polled.
 *
 * @example const { data, error } = useImages()
 */
export function useImages(query: ImageListQuery = {}, config?: SWRConfiguration<ImageList, ApiError>) {
  return useSWR<ImageList, ApiError>(apiKeys.images(query), () => api.images.list(query), { ...POLLED, ...config });
}

/**
 * One image in detail, polled; a null `ref` fetches nothing.
 *
 * @example const { data } = useImage("seed/web:1", { fallbackData: detail })
 */
export function useImage(ref: string | null, config?: SWRConfiguration<ImageDetail, ApiError>) {
  return useSWR<ImageDetail, ApiError>(ref === null ? null : apiKeys.image(ref), () => api.images.get(ref!), { ...POLLED, ...config });
}
